import type { StoredMsg } from "@nats-io/jetstream";

/** Headers a dead-letter entry carries; its payload is the original message, byte for byte. */
export const deadLetterHeaders = {
  originalSubject: "Guichet-Original-Subject",
  error: "Guichet-Error",
  deliveries: "Guichet-Deliveries",
  consumer: "Guichet-Consumer",
  replayedFrom: "Guichet-Replayed-From",
} as const;

/** What operators see of a dead letter; the payload (personal data) only through `show`. */
export interface DeadLetter {
  /** Stream sequence of the dead-letter entry: the handle for `show` and `replay`. */
  seq: number;
  consumer: string;
  originalSubject: string;
  error: string;
  deliveries: number;
  deadLetteredAt: string;
  /** Envelope identity, when the payload was at least a JSON object. */
  eventId?: string;
  eventType?: string;
}

export interface DeadLetterWithPayload extends DeadLetter {
  payload: string;
}

export function toDeadLetter(msg: StoredMsg): DeadLetter {
  const header = (name: string): string => (msg.header?.has(name) ? msg.header.get(name) : "");
  const entry: DeadLetter = {
    seq: msg.seq,
    consumer: header(deadLetterHeaders.consumer),
    originalSubject: header(deadLetterHeaders.originalSubject),
    error: header(deadLetterHeaders.error),
    deliveries: Number(header(deadLetterHeaders.deliveries)) || 0,
    deadLetteredAt: msg.time.toISOString(),
  };
  const identity = envelopeIdentity(msg.data);
  if (identity.id) entry.eventId = identity.id;
  if (identity.type) entry.eventType = identity.type;
  return entry;
}

/** Reads only `id`, `type` and `version`: enough to find the event, nothing personal. */
function envelopeIdentity(data: Uint8Array): { id?: string; type?: string } {
  try {
    const json: unknown = JSON.parse(new TextDecoder().decode(data));
    if (typeof json !== "object" || json === null) return {};
    const id = Reflect.get(json, "id");
    const type = Reflect.get(json, "type");
    const version = Reflect.get(json, "version");
    return {
      id: typeof id === "string" ? id : undefined,
      type: typeof type === "string" ? (typeof version === "number" ? `${type}.v${version}` : type) : undefined,
    };
  } catch {
    return {};
  }
}
