import { type RequestReceivedV1, requestReceivedV1 } from "@guichet/contracts";
import type { EmailDeliveryFailure, EmailFollowUp, IngestEmailPort, NewEmailRequest } from "./ingest-email.ts";

const OWN_ADDRESS = "ne-pas-repondre@mairie.loire-authion.example";
const REFERENCE_PATTERN = /\bLA-\d{4}-\d{6,}\b/;

/** Acknowledgement Message-ID of a seeded request, as notification would send it. */
function ackMessageId(reference: string): string {
  return `ack-${reference}-1@guichet.loire-authion.example`;
}

/**
 * The intake port in memory, for unit tests and the benchmark: references are allocated as
 * LA-2026-000001, LA-2026-000002...; `seededReferences` exist beforehand with an acknowledgement
 * whose Message-ID is `ackMessageId(reference)`.
 */
export class InMemoryEmailIntake implements IngestEmailPort {
  readonly ownAddresses = [OWN_ADDRESS];
  readonly ownMessageIdDomain = "guichet.loire-authion.example";
  readonly referencePattern = REFERENCE_PATTERN;
  readonly requests = new Map<string, NewEmailRequest>();
  readonly followUps: Array<{ reference: string; input: EmailFollowUp }> = [];
  readonly deliveryFailures: EmailDeliveryFailure[] = [];
  readonly evidence = new Map<string, Buffer>();
  private readonly ourMessages = new Map<string, string>();
  private readonly references = new Set<string>();
  private readonly ingestedMessageIds = new Set<string>();
  private sequence = 0;

  constructor(seededReferences: readonly string[] = []) {
    for (const reference of seededReferences) {
      this.references.add(reference);
      this.ourMessages.set(ackMessageId(reference), reference);
    }
  }

  findRequestByMessageId(messageId: string): string | null {
    return this.ourMessages.get(messageId) ?? null;
  }

  findRequestByReference(reference: string): string | null {
    return this.references.has(reference) ? reference : null;
  }

  isKnownMessageId(messageId: string): boolean {
    return this.ingestedMessageIds.has(messageId);
  }

  async createRequest(input: NewEmailRequest): Promise<{ reference: string }> {
    this.sequence += 1;
    const reference = `LA-2026-${String(this.sequence).padStart(6, "0")}`;
    this.references.add(reference);
    this.requests.set(reference, input);
    this.ingestedMessageIds.add(input.messageId);
    return { reference };
  }

  async addFollowUp(reference: string, input: EmailFollowUp): Promise<void> {
    this.followUps.push({ reference, input });
    this.ingestedMessageIds.add(input.messageId);
  }

  async recordDeliveryFailure(input: EmailDeliveryFailure): Promise<void> {
    this.deliveryFailures.push(input);
    this.ingestedMessageIds.add(input.bounceMessageId);
  }

  async storeOriginal(raw: Buffer, sha256: string): Promise<string> {
    const key = `eml/${sha256}`;
    this.evidence.set(key, raw);
    return key;
  }
}

/** The request.received.v1 event a created mail becomes (the store only adds ids and the site); throws if invalid. */
export function requestReceivedOf(reference: string, request: NewEmailRequest): RequestReceivedV1 {
  return requestReceivedV1.parse({
    requestId: "0194a1b2-c3d4-7e5f-8a9b-0c1d2e3f4a5b",
    reference,
    channel: request.channel,
    siteId: null,
    receivedAt: request.receivedAt.toISOString(),
    citizen: request.citizen,
    subjectId: null,
    title: request.title,
    body: request.body,
    metadata: request.metadata,
  });
}
