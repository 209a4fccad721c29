import { readFileSync } from "node:fs";
import { CalendarError } from "@guichet/calendar";
import { damagedText, YAML_JUNK } from "@guichet/testing/fuzz";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DirectoryError, loadOfferDirectory } from "./offer-directory.ts";

// Property-based fuzzing of the appointments offer file (GUICHET_APPOINTMENTS_FILE), read at boot
// with the catalogue: a damaged file must stop the service with a DirectoryError or CalendarError
// naming the entry — never a TypeError, a RangeError or a bare error of the YAML library. Each run
// reads the whole demo catalogue too (about 0.1 s), hence fewer runs than the other parsers.

const data = new URL("../../../../data/loire-authion/", import.meta.url);
const catalogue = readFileSync(new URL("catalog.yaml", data), "utf8");
const offers = readFileSync(new URL("appointments.yaml", data), "utf8");

/**
 * Words of the former English messages: an operator reads a refusal in French. What the file says
 * is quoted « like this » and may be anything, so it is left out of the check. CalendarError comes
 * from the shared @guichet/calendar library and is still worded in English.
 */
const ENGLISH =
  /\b(expected|invalid|required|must|unknown|does not|duplicate|received|missing|found|line|string|object|array)\b/i;

function expectFrench(message: string): void {
  expect(message.replace(/«[^»]*»/g, "«»")).not.toMatch(ENGLISH);
}

function expectLoadedOrNamedError(appointmentsYaml: string): void {
  try {
    loadOfferDirectory(catalogue, appointmentsYaml);
  } catch (error) {
    if (!(error instanceof DirectoryError || error instanceof CalendarError)) throw error;
    expect(error.message.trim()).not.toBe("");
    if (error instanceof DirectoryError) expectFrench(error.message);
  }
}

const junk = fc.oneof(
  fc.constantFrom(...YAML_JUNK, "duration_minutes: -5", "desks: 1e309", "sites: []"),
  fc.string({ maxLength: 30 }),
);

const damagedOffers = damagedText(offers, junk);

describe("appointments offer file under fuzzing", () => {
  it("loads the demo file", () => {
    expect(loadOfferDirectory(catalogue, offers).offers.length).toBeGreaterThan(0);
  });

  it("random text and bytes stop the load with a named error", () => {
    const bytes = fc.uint8Array({ maxLength: 2_000 }).map((b) => Buffer.from(b).toString("utf8"));
    fc.assert(fc.property(fc.oneof(fc.string({ maxLength: 2_000 }), bytes), expectLoadedOrNamedError), {
      numRuns: 60,
    });
  }, 20_000);

  it("a damaged demo file loads or stops with a named error", () => {
    fc.assert(fc.property(damagedOffers, expectLoadedOrNamedError), { numRuns: 60 });
  }, 20_000);

  it("regression: YAML the library cannot read is a DirectoryError naming the file and line", () => {
    expect(() => loadOfferDirectory(catalogue, "calendars: {\n")).toThrow(
      /^fichier des rendez-vous, ligne 2, colonne 1 : YAML illisible : /,
    );
    expect(() => loadOfferDirectory(catalogue, "calendars: *nowhere\n")).toThrow(
      "fichier des rendez-vous : YAML illisible : alias (*nom) sans ancre : l’ancre (&nom) doit être déclarée avant l’alias",
    );
  });
});
