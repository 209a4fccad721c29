import { randomInt } from "node:crypto";

const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `t` + 10 random lower-case alphanumerics: valid as a PostgreSQL schema or database name suffix,
 * a NATS subject token and a stream name, so one value can isolate a test everywhere.
 */
export function uniqueNamespace(): string {
  let suffix = "";
  for (let i = 0; i < 10; i++) suffix += ALPHABET[randomInt(ALPHABET.length)];
  return `t${suffix}`;
}
