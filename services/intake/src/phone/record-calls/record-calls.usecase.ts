import { createEvent, type Envelope } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import type { RequestTransaction } from "../../requests/request.repository.ts";
import type { SubmitRequestUseCase } from "../../requests/submit-request/submit-request.usecase.ts";
import type { CallRepository, CallRow } from "../call.repository.ts";
import { localDateOf } from "../local-time.ts";
import type { PhoneCall } from "../phone-call.ts";
import { callbackCommand, owesCallback } from "./callback-request.ts";

export interface RecordedCalls {
  imported: number;
  duplicates: number;
  callbacks: number;
  /** Request made of each new call (callback), by call key. */
  requests: Map<string, string>;
}

/**
 * Stores calls inside the caller's transaction: new calls only (by call key), a callback request for
 * each missed call whose caller has none yet today, and one `call.recorded` per new call — all
 * committed together, so an import interrupted half-way leaves whole batches and a re-run completes it.
 */
export class RecordCallsUseCase {
  constructor(
    private readonly calls: CallRepository,
    private readonly submitRequest: SubmitRequestUseCase,
    private readonly outbox: Outbox,
    private readonly timeZone: string,
  ) {}

  async execute(tx: RequestTransaction, rows: readonly CallRow[]): Promise<RecordedCalls> {
    const inserted = await this.calls.insertNew(tx, rows);
    const fresh = rows.filter((r) => inserted.has(r.call.key)).map((r) => r.call);
    const requests = new Map<string, string>();
    // The first missed call of each (caller, local day) in this batch, then those without a callback yet.
    const firstOfDay = new Map<string, { call: PhoneCall & { caller: string }; localDay: string }>();
    for (const call of fresh.filter(owesCallback)) {
      const localDay = localDateOf(this.timeZone, call.offeredAt.getTime());
      const pair = `${call.caller}|${localDay}`;
      const earlier = firstOfDay.get(pair);
      if (!earlier || call.offeredAt < earlier.call.offeredAt) firstOfDay.set(pair, { call, localDay });
    }
    const owed = [...firstOfDay.values()].map((o) => ({ ...o, caller: o.call.caller }));
    const already = await this.calls.lockCallbacks(tx, owed);
    const due = owed.filter((o) => !already.has(`${o.caller}|${o.localDay}`));
    const created = await this.submitRequest.executeManyWithin(
      tx,
      due.map((o) => callbackCommand(o.call)),
    );
    const callbacks = due.map((o, index) => ({
      caller: o.caller,
      localDay: o.localDay,
      callKey: o.call.key,
      requestId: (created[index] as { requestId: string }).requestId,
    }));
    await this.calls.recordCallbacks(tx, callbacks);
    for (const callback of callbacks) requests.set(callback.callKey, callback.requestId);
    await this.calls.linkRequests(
      tx,
      [...requests].filter(([key]) => inserted.has(key)).map(([callKey, requestId]) => ({ callKey, requestId })),
    );
    await this.outbox.enqueue(tx, ...fresh.map((call) => callRecorded(call, requests.get(call.key) ?? null)));
    return { imported: fresh.length, duplicates: rows.length - fresh.length, callbacks: callbacks.length, requests };
  }
}

/** The statistics of a call, without the caller's number. */
export function callRecorded(call: PhoneCall, requestId: string | null): Envelope {
  return createEvent("callRecorded", {
    callId: call.key,
    source: call.source,
    siteId: call.siteId,
    queue: call.queue,
    offeredAt: call.offeredAt.toISOString(),
    answeredAt: call.answeredAt?.toISOString() ?? null,
    endedAt: call.endedAt?.toISOString() ?? null,
    outcome: call.outcome,
    waitSeconds: call.waitSeconds,
    talkSeconds: call.talkSeconds,
    agentId: call.agentId,
    requestId,
  });
}
