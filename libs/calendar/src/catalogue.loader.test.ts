import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CalendarError } from "./calendar.error.ts";
import { loadCalendars } from "./catalogue.loader.ts";
import { loireAuthion } from "./loire-authion.fixture.ts";

const catalogueUrl = new URL("../../../data/loire-authion/catalog.yaml", import.meta.url);

describe("loadCalendars", () => {
  it("loads the five Loire-Authion calendars of the reference catalogue, identical to the test fixture", () => {
    const calendars = loadCalendars(readFileSync(catalogueUrl, "utf8"));
    expect([...calendars.keys()]).toEqual([
      "mairie-siege",
      "back-office",
      "annexe-matin",
      "annexe-apres-midi",
      "france-services",
    ]);
    for (const [id, calendar] of calendars) {
      expect(calendar.timeZone).toBe("Europe/Paris");
      expect(calendar.definition, id).toEqual(loireAuthion.get(id)?.definition);
    }
  });

  it("reads the commune's time zone and holiday setting, and optional closures", () => {
    const calendars = loadCalendars(`
commune: { timezone: America/Cayenne, public_holidays: none }
calendars:
  guichet:
    monday: ["08:00-12:00"]
    closed_dates: ["2026-03-02"]
    exceptional_openings: { "2026-03-07": ["09:00-10:00"] }
`);
    const calendar = calendars.get("guichet");
    expect(calendar?.timeZone).toBe("America/Cayenne");
    expect(calendar?.holidays).toBe("none");
    expect(calendar?.definition.closedDates).toEqual(["2026-03-02"]);
  });

  it("defaults to Europe/Paris and French holidays without a commune section", () => {
    const calendar = loadCalendars('calendars: { a: { monday: ["08:00-12:00"] } }').get("a");
    expect(calendar?.timeZone).toBe("Europe/Paris");
    expect(calendar?.holidays).toBe("FR");
  });

  it.each([
    ["calendars: [", /not valid YAML/],
    ["", /empty/],
    ["commune: { timezone: Europe/Paris }", /no `calendars:` section/],
    ["calendars: [a, b]", /calendars must be a mapping/],
    ["calendars: { a: [] }", /calendars.a must be a mapping/],
    ['calendars: { a: { wenesday: ["08:00-12:00"] } }', /calendars.a: unknown key "wenesday"/],
    ['calendars: { a: { monday: ["08:00-12:00"], monday: ["09:00-10:00"] } }', /not valid YAML/],
    ['commune: { public_holidays: BE }\ncalendars: { a: { monday: ["08:00-12:00"] } }', /public_holidays/],
    ['commune: { timezone: Mars/Olympus }\ncalendars: { a: { monday: ["08:00-12:00"] } }', /Unknown time zone/],
    ['calendars: { a: { monday: ["12:00-08:00"] } }', /Calendar "a": monday: range "12:00-08:00"/],
  ])("rejects %j", (yaml, message) => {
    expect(() => loadCalendars(yaml)).toThrow(CalendarError);
    expect(() => loadCalendars(yaml)).toThrow(message);
  });
});
