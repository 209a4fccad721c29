import type { IncomingMessage } from "node:http";
import { AppError, validateInput } from "@guichet/runtime";
import { Controller, Headers, HttpCode, Inject, Post, Req } from "@nestjs/common";
import { ctiEventSchema } from "./cti-events/cti-event.schema.ts";
import { CTI_SIGNATURE_HEADER, isValidCtiSignature } from "./cti-events/cti-signature.ts";
import type { CtiEventOutcome } from "./cti-events/record-cti-event.usecase.ts";
import type { PhoneConfig } from "./phone.config.ts";
import { PHONE_CHANNEL, PHONE_CONFIG } from "./phone.tokens.ts";
import type { PhoneChannel } from "./phone-channel.ts";

/** The switchboard's CTI connector pushes call events here, signed with the shared secret. */
@Controller("api/cti/events")
export class CtiEventsController {
  constructor(
    @Inject(PHONE_CHANNEL) private readonly phone: PhoneChannel,
    @Inject(PHONE_CONFIG) private readonly config: PhoneConfig,
  ) {}

  @Post()
  @HttpCode(202)
  async receive(
    @Req() request: IncomingMessage & { body?: unknown; rawBody?: Buffer },
    @Headers(CTI_SIGNATURE_HEADER) signature: string | undefined,
  ): Promise<CtiEventOutcome> {
    const secret = this.config.ctiSecret;
    if (!secret) throw new AppError("unavailable", "webhook CTI non configuré (INTAKE_CTI_SECRET)");
    if (!isValidCtiSignature(secret, signedBytesOf(request), signature)) {
      throw new AppError("unauthenticated", `signature ${CTI_SIGNATURE_HEADER} absente ou invalide`);
    }
    return this.phone.recordCtiEvent.execute(validateInput(ctiEventSchema, request.body, "CTI event"));
  }
}

/**
 * The bytes the sender signed. The runtime's JSON parser runs before any controller, so the exact
 * bytes are only there when it keeps them (Nest `rawBody: true`); until then the compact
 * re-serialisation stands in, which equals what a sender writing compact JSON signed.
 */
function signedBytesOf(request: IncomingMessage & { body?: unknown; rawBody?: Buffer }): Buffer | string {
  return request.rawBody ?? JSON.stringify(request.body ?? null);
}
