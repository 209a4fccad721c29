import type { CallRecordedV1 } from "@guichet/contracts";

export type CallSource = CallRecordedV1["source"];
export type CallOutcome = CallRecordedV1["outcome"];

/** How the caller's number came: only an identified number can be called back. */
export type CallerStatus = "identified" | "foreign" | "withheld" | "invalid";

/**
 * One inbound call as a source reported it, before storage. `caller` is personal data: it is kept in
 * the calls table for the callback and never logged, traced or published.
 */
export interface PhoneCall {
  /** Idempotency key, unique across sources and sites (see callKey). */
  key: string;
  /** The source's own id of the call (Asterisk uniqueid, CTI call id), when it gives one. */
  sourceCallId: string | null;
  source: CallSource;
  siteId: string | null;
  queue: string | null;
  /** E.164 when identified. */
  caller: string | null;
  callerStatus: CallerStatus;
  callee: string | null;
  offeredAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  outcome: CallOutcome;
  waitSeconds: number;
  talkSeconds: number;
  agentId: string | null;
  /** The source's raw status word (ANSWERED, NO ANSWER, BUSY…), for audits of the classification. */
  disposition: string | null;
}

/**
 * The key that makes an import idempotent: the source's call id when it has one, else a digest of
 * the row itself (same file row → same key). Scoped by source and site, since two switchboards
 * number their calls independently.
 */
export function callKey(source: CallSource, siteId: string | null, id: string): string {
  return `${source}:${siteId ?? "-"}:${id}`;
}
