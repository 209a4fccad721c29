/**
 * Names derived from the namespace. Kept in one place because the stream, the consumers and the
 * dead-letter tooling must agree on them byte for byte.
 */

const namespacePattern = /^[a-z][a-z0-9_-]*$/;
const durablePattern = /^[A-Za-z0-9_-]{1,64}$/;

export function assertNamespace(namespace: string): void {
  // A dot or wildcard would silently widen `${ns}.>` to other namespaces' subjects.
  if (!namespacePattern.test(namespace)) throw new Error(`invalid messaging namespace "${namespace}"`);
}

/** Durable names become a subject token of the dead-letter subject, so they must be one token. */
export function assertDurableName(durable: string): void {
  if (!durablePattern.test(durable)) throw new Error(`invalid durable consumer name "${durable}"`);
}

export function streamNameOf(namespace: string): string {
  return namespace.toUpperCase().replace(/[^A-Z0-9]/g, "_");
}

export function allSubjectsOf(namespace: string): string {
  return `${namespace}.>`;
}

export function deadLetterSubjectOf(namespace: string, durable: string): string {
  return `${namespace}.dlq.${durable}`;
}

export function allDeadLettersOf(namespace: string): string {
  return `${namespace}.dlq.>`;
}

export function isDeadLetterSubject(namespace: string, subject: string): boolean {
  return subject.startsWith(`${namespace}.dlq.`);
}
