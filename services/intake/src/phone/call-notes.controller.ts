import type { IncomingMessage } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { requireStaff } from "@guichet/web";
import { Body, Controller, Headers, HttpCode, Inject, Param, Post, Req } from "@nestjs/common";
import { ENTRY_ROLES } from "../staff-pages/staff-page.ts";
import { callNoteSchema } from "./call-note/call-note.schema.ts";
import { PHONE_CHANNEL, PHONE_IDENTITY_SECRET } from "./phone.tokens.ts";
import type { PhoneChannel } from "./phone-channel.ts";

/** An agent's note of an answered call becomes a request. */
@Controller("api")
export class CallNotesController {
  constructor(
    @Inject(PHONE_CHANNEL) private readonly phone: PhoneChannel,
    @Inject(PHONE_IDENTITY_SECRET) private readonly identitySecret: string,
  ) {}

  /** On a call the switchboard reported (CTI or imported log). */
  @Post("calls/:callId/note")
  @HttpCode(201)
  async onCall(@Param("callId") callId: string, @Body() body: unknown, @Req() request: IncomingMessage) {
    const staffId = requireStaff(request, this.identitySecret, ENTRY_ROLES).id;
    const note = validateInput(callNoteSchema, body, "note d’appel");
    return answer(await this.phone.takeCallNote.execute({ note, staffId, callId, now: new Date() }));
  }

  /** Without a call id (a call the switchboard does not report). */
  @Post("phone-requests")
  @HttpCode(201)
  async withoutCall(
    @Body() body: unknown,
    @Req() request: IncomingMessage,
    @Headers("idempotency-key") idempotencyKey: string | undefined,
  ) {
    const staffId = requireStaff(request, this.identitySecret, ENTRY_ROLES).id;
    const note = validateInput(callNoteSchema, body, "note d’appel");
    if (idempotencyKey !== undefined && !/^[\x21-\x7e]{8,128}$/.test(idempotencyKey)) {
      throw new AppError("validation", "Idempotency-Key: 8 à 128 caractères ASCII visibles", [
        { field: "Idempotency-Key", message: "8 à 128 caractères ASCII visibles" },
      ]);
    }
    return answer(
      await this.phone.takeCallNote.execute({ note, staffId, callId: null, idempotencyKey, now: new Date() }),
    );
  }
}

function answer(request: { requestId: string; reference: string; receivedAt: Date; replayed: boolean }) {
  return { ...request, receivedAt: request.receivedAt.toISOString() };
}
