import type { CitizenContact, ReplyChannel } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { PrismaClient } from "../../../generated/prisma/client.ts";
import { normalisePhoneNumber, type PhoneRejection } from "../../contact/phone-number.ts";
import type {
  SubmitRequestCommand,
  SubmitRequestUseCase,
  SubmittedRequest,
} from "../../requests/submit-request/submit-request.usecase.ts";
import type { CallRepository } from "../call.repository.ts";
import { callKey, type PhoneCall } from "../phone-call.ts";
import { callRecorded } from "../record-calls/record-calls.usecase.ts";
import type { CallNote } from "./call-note.schema.ts";

export interface TakeCallNoteCommand {
  note: CallNote;
  /** Staff member who took the call. */
  staffId: string;
  /** The switchboard's call id (CTI or imported log), when the agent's screen has one. */
  callId: string | null;
  idempotencyKey?: string | undefined;
  now: Date;
}

/**
 * An answered call with the agent's note becomes a request (channel "phone", entered by the agent).
 * With a call id, the request is dated by the call and linked to it; without one, the call is
 * recorded from the note itself (source "agent") so the pick-up statistics still count it.
 */
export class TakeCallNoteUseCase {
  constructor(
    private readonly db: Pick<PrismaClient, "$transaction">,
    private readonly calls: CallRepository,
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly outbox: Outbox,
  ) {}

  async execute(command: TakeCallNoteCommand): Promise<SubmittedRequest> {
    return command.callId ? this.onKnownCall(command, command.callId) : this.withoutCallId(command);
  }

  private onKnownCall(command: TakeCallNoteCommand, callId: string): Promise<SubmittedRequest> {
    return this.db.$transaction(async (tx) => {
      const call = await this.calls.findBySourceCallId(tx, callId);
      if (!call) throw new AppError("not-found", `appel inconnu : ${callId}`);
      if (call.request_id) {
        throw new AppError("conflict", `cet appel a déjà donné une demande (${call.request_id})`, [
          { field: "callId", message: "une demande existe déjà pour cet appel" },
        ]);
      }
      const request = await this.submitRequest.executeWithin(
        tx,
        requestOf(command, { receivedAt: call.offered_at, siteId: call.site_id, callKey: call.call_key }),
      );
      await this.calls.linkRequests(tx, [{ callKey: call.call_key, requestId: request.requestId }]);
      return request;
    });
  }

  private withoutCallId(command: TakeCallNoteCommand): Promise<SubmittedRequest> {
    const note = command.note;
    const offeredAt = note.calledAt ? new Date(note.calledAt) : command.now;
    const siteId = note.siteId ?? null;
    const base = requestOf(command, { receivedAt: offeredAt, siteId, callKey: null });
    return this.submitRequest.execute({
      ...base,
      idempotencyKey: command.idempotencyKey,
      alsoInTransaction: async (tx, { requestId }) => {
        const talkSeconds = note.talkSeconds ?? 0;
        const call: PhoneCall = {
          key: callKey("agent", siteId, requestId),
          sourceCallId: null,
          source: "agent",
          siteId,
          queue: null,
          caller: base.citizen.phone,
          callerStatus: base.citizen.phone ? "identified" : "withheld",
          callee: null,
          offeredAt,
          answeredAt: offeredAt,
          endedAt: new Date(offeredAt.getTime() + talkSeconds * 1000),
          outcome: "answered",
          waitSeconds: 0,
          talkSeconds,
          agentId: command.staffId,
          disposition: null,
        };
        await this.calls.insertNew(tx, [{ call, importId: null, line: null }]);
        await this.calls.linkRequests(tx, [{ callKey: call.key, requestId }]);
        await this.outbox.enqueue(tx, callRecorded(call, requestId));
      },
    });
  }
}

function requestOf(
  command: TakeCallNoteCommand,
  call: { receivedAt: Date; siteId: string | null; callKey: string | null },
): SubmitRequestCommand {
  const note = command.note;
  const body = note.answeredOnTheSpot
    ? `${note.asked}\n\nRéponse apportée au téléphone : ${note.answeredOnTheSpot}`
    : note.asked;
  return {
    channel: "phone",
    siteId: call.siteId ?? note.siteId ?? null,
    subjectId: note.subjectId ?? null,
    title: note.title ?? null,
    body,
    citizen: citizenOf(note),
    metadata: call.callKey ? { callKey: call.callKey } : {},
    receivedAt: call.receivedAt,
    enteredBy: command.staffId,
  };
}

function citizenOf(note: CallNote): CitizenContact {
  const c = note.citizen;
  let phone: string | null = null;
  if (c.phone) {
    const normalised = normalisePhoneNumber(c.phone);
    if (!normalised.ok) {
      const message = phoneMessages[normalised.error.reason];
      throw new AppError("validation", `citizen.phone: ${message}`, [{ field: "citizen.phone", message }]);
    }
    phone = normalised.e164;
  }
  const email = c.email ? c.email.toLowerCase() : null;
  // Without an explicit choice: e-mail when given, else a letter when an address is, else none.
  const preferredChannel: ReplyChannel = c.preferredChannel ?? (email ? "email" : c.postalAddress ? "letter" : "none");
  return { name: c.name, email, phone, postalAddress: c.postalAddress ?? null, preferredChannel };
}

const phoneMessages: Record<PhoneRejection, string> = {
  empty: "numéro de téléphone vide",
  "not-a-number": "ce n’est pas un numéro de téléphone",
  "invalid-country": "indicatif de pays inconnu",
  "too-short": "numéro trop court",
  "too-long": "numéro trop long",
  "invalid-number": "numéro de téléphone invalide",
};
