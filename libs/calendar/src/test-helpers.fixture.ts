import { expect } from "vitest";
import { formatWithOffset } from "./time-zone.util.ts";

/**
 * Asserts an instant against a hand-written ISO string with its Paris offset: both the formatted
 * text (offset included) and the instant itself, the latter through Date.parse so that a bug in
 * formatWithOffset cannot hide a wrong instant.
 */
export function expectInstant(actual: Date, expected: string): void {
  expect(formatWithOffset(actual)).toBe(expected);
  expect(actual.getTime()).toBe(Date.parse(expected));
}

/** Deterministic PRNG (mulberry32) so property tests are reproducible from their seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
