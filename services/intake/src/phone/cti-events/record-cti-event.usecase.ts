import type { PrismaClient } from "../../../generated/prisma/client.ts";
import { readCaller } from "../caller-number.ts";
import { type CallOutcome, callKey, type PhoneCall } from "../phone-call.ts";
import type { RecordCallsUseCase } from "../record-calls/record-calls.usecase.ts";
import type { CtiEventRepository } from "./cti-event.repository.ts";
import type { CtiEvent } from "./cti-event.schema.ts";

export interface CtiEventOutcome {
  /** The same (call id, event type) was already received: nothing was done. */
  duplicate: boolean;
  /** The hang-up consolidated the call (stored, `call.recorded` published). */
  consolidated: boolean;
  /** Callback request created for a missed call, if any. */
  callbackRequestId: string | null;
}

/**
 * Keeps each CTI event once, and at hang-up consolidates the call from its events into the calls
 * table, in the same transaction: a retried webhook or a replayed hang-up never records a call twice.
 * An event arriving after the hang-up is kept but changes nothing.
 */
export class RecordCtiEventUseCase {
  constructor(
    private readonly db: Pick<PrismaClient, "$transaction">,
    private readonly events: CtiEventRepository,
    private readonly recordCalls: RecordCallsUseCase,
  ) {}

  execute(event: CtiEvent): Promise<CtiEventOutcome> {
    return this.db.$transaction(async (tx) => {
      if (!(await this.events.insert(tx, event)))
        return { duplicate: true, consolidated: false, callbackRequestId: null };
      if (event.event !== "call.ended") return { duplicate: false, consolidated: false, callbackRequestId: null };
      const call = consolidate(await this.events.eventsOf(tx, event.callId), event);
      const recorded = await this.recordCalls.execute(tx, [{ call, importId: null, line: null }]);
      return {
        duplicate: false,
        consolidated: recorded.imported === 1,
        callbackRequestId: recorded.requests.get(call.key) ?? null,
      };
    });
  }
}

/** One call from its offered / answered / ended events. */
export function consolidate(events: readonly CtiEvent[], ended: CtiEvent): PhoneCall {
  const offered = events.find((e) => e.event === "call.offered");
  const answered = events.find((e) => e.event === "call.answered");
  const first = <K extends keyof CtiEvent>(key: K) => offered?.[key] ?? answered?.[key] ?? ended[key] ?? null;
  const offeredAt = new Date(offered?.occurredAt ?? ended.occurredAt);
  const endedAt = new Date(ended.occurredAt);
  const answeredAt = answered ? new Date(answered.occurredAt) : null;
  let outcome: CallOutcome = "missed";
  if (answeredAt) outcome = "answered";
  else if (ended.cause === "caller-hangup") outcome = "abandoned";
  const seconds = (from: Date, to: Date) => Math.max(0, Math.round((to.getTime() - from.getTime()) / 1000));
  const siteId = first("siteId");
  return {
    key: callKey("cti", siteId, ended.callId),
    sourceCallId: ended.callId,
    source: "cti",
    siteId,
    queue: first("queue"),
    ...readCaller(first("caller")),
    callee: first("callee"),
    offeredAt,
    answeredAt,
    endedAt,
    outcome,
    waitSeconds: seconds(offeredAt, answeredAt ?? endedAt),
    talkSeconds: answeredAt ? seconds(answeredAt, endedAt) : 0,
    agentId: answeredAt ? (answered?.agent ?? ended.agent ?? null) : null,
    disposition: ended.cause ?? null,
  };
}
