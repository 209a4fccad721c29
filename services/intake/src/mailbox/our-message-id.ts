const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
const OURS = new RegExp(`^[a-z][a-z0-9-]*?-(${UUID})@(.+)$`, "i");

/**
 * The request id inside one of OUR Message-IDs, or null. Notification writes
 * `<kind>-<requestId>@<MAIL_MESSAGE_ID_DOMAIN>` (see notification's message-addressing.ts), so a
 * reply or a bounce leads back to its request without a table of sent messages. Only ids on our
 * own domain count: anybody can write a UUID, nobody else writes on our domain.
 */
export function requestIdOfOurMessageId(messageId: string, ourDomain: string): string | null {
  const match = OURS.exec(messageId.replace(/^<|>$/g, ""));
  if (match === null) return null;
  const [, requestId, domain] = match as unknown as [string, string, string];
  return domain.toLowerCase() === ourDomain.toLowerCase() ? requestId.toLowerCase() : null;
}
