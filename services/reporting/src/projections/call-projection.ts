import type { CallRecordedV1 } from "@guichet/contracts";
import type { SqlExecutor } from "@guichet/db";

/** One row per call; a re-sent call record (same callId) replaces the earlier one. */
export async function projectCall(tx: SqlExecutor, schema: string, call: CallRecordedV1): Promise<void> {
  await tx.$executeRawUnsafe(
    `INSERT INTO "${schema}".call_fact
       (call_id, source, site_id, queue, offered_at, answered_at, ended_at, outcome, wait_seconds, talk_seconds, request_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     ON CONFLICT (call_id) DO UPDATE SET source = EXCLUDED.source, site_id = EXCLUDED.site_id, queue = EXCLUDED.queue,
       offered_at = EXCLUDED.offered_at, answered_at = EXCLUDED.answered_at, ended_at = EXCLUDED.ended_at,
       outcome = EXCLUDED.outcome, wait_seconds = EXCLUDED.wait_seconds, talk_seconds = EXCLUDED.talk_seconds,
       request_id = EXCLUDED.request_id`,
    call.callId,
    call.source,
    call.siteId,
    call.queue,
    call.offeredAt,
    call.answeredAt,
    call.endedAt,
    call.outcome,
    call.waitSeconds,
    call.talkSeconds,
    call.requestId,
  );
}
