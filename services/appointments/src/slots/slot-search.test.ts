import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadOfferDirectory } from "../directory/offer-directory.ts";
import { freeSlots, localDateOf, slotGrid } from "./slot-search.ts";

const data = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../../../data/loire-authion/${name}`, import.meta.url)), "utf8");
const directory = loadOfferDirectory(data("catalog.yaml"), data("appointments.yaml"));
const offer = (id: string) => {
  const found = directory.offer(id);
  if (!found) throw new Error(`no offer ${id}`);
  return found;
};
const local = (date: Date) =>
  date.toLocaleTimeString("fr-FR", { timeZone: "Europe/Paris", hour: "2-digit", minute: "2-digit" });

describe("slot grid on the site calendars", () => {
  it("cuts opening ranges into slots around the lunch break; evening slots are extended hours", () => {
    // Tuesday 2 March 2027 at the town hall: 08:30-12:30, 13:30-17:30, extended 17:30-19:30; 20 minutes.
    const slots = slotGrid(offer("etat-civil.titres@siege"), "2027-03-02", 1);
    expect(slots.map((s) => local(s.start)).slice(0, 3)).toEqual(["08:30", "08:50", "09:10"]);
    expect(slots.some((s) => local(s.start) === "12:30")).toBe(false);
    expect(slots.find((s) => local(s.start) === "13:30")?.extended).toBe(false);
    const evening = slots.filter((s) => s.extended).map((s) => local(s.start));
    expect(evening).toEqual(["17:30", "17:50", "18:10", "18:30", "18:50", "19:10"]);
    expect(slots).toHaveLength(12 + 12 + 6);
  });

  it("opens nothing on a public holiday, and follows the DST change", () => {
    // Easter Monday 2027 is 29 March; Saturday 27 → Tuesday 30 March crosses the change to summer time.
    expect(slotGrid(offer("etat-civil.titres@siege"), "2027-03-29", 1)).toEqual([]);
    const tuesday = slotGrid(offer("elus.andard"), "2027-03-30", 1);
    expect(tuesday[0]?.start.toISOString()).toBe("2027-03-30T15:00:00.000Z"); // 17:00 CEST
    expect(localDateOf(new Date("2027-03-27T23:30:00Z"))).toBe("2027-03-28");
  });

  it("a slot stays free while one desk of two is free; earlier slots are not offered", () => {
    const titles = offer("etat-civil.titres@siege");
    const grid = slotGrid(titles, "2027-03-02", 1);
    const [first, second] = grid;
    if (!first || !second) throw new Error("no slots");
    const busy = [
      { resourceId: "etat-civil.titres@siege#1", start: first.start, end: first.end },
      { resourceId: "etat-civil.titres@siege#2", start: first.start, end: first.end },
      { resourceId: "etat-civil.titres@siege#1", start: second.start, end: second.end },
    ];
    const free = freeSlots(titles, grid, busy, new Date(0));
    expect(free[0]?.start).toEqual(second.start);
    expect(free[0]?.freeDesks).toBe(1);
    expect(freeSlots(titles, grid, [], second.end)[0]?.start.getTime()).toBeGreaterThanOrEqual(second.end.getTime());
  });
});

describe("offer directory", () => {
  it("names the faulty entry of the appointments file", () => {
    const broken = data("appointments.yaml").replace(
      "site: baune\n    calendar: permanence-baune",
      "site: nowhere\n    calendar: permanence-baune",
    );
    expect(() => loadOfferDirectory(data("catalog.yaml"), broken)).toThrow(
      "permanences[2] (elus.baune) : le site « nowhere » n’existe pas dans le catalogue",
    );
    const noSlots = data("appointments.yaml").replace(
      "booking: slots\n    slot_minutes: 15\n  - id: elus.andard",
      "booking: slots\n  - id: elus.andard",
    );
    expect(() => loadOfferDirectory(data("catalog.yaml"), noSlots)).toThrow(
      "permanences[0] (elus.maire) : slot_minutes (durée d’un créneau, en minutes) est obligatoire quand booking vaut « slots »",
    );
  });

  it("words the schema's problems in French with their path, and YAML errors with their line", () => {
    const tooShort = data("appointments.yaml")
      .replace("duration_minutes: 20\n    desks: 2", "duration_minutes: 3\n    desks: 2")
      .replace("sites: [siege, france-services]", "sites: [Siege, france-services]");
    expect(() => loadOfferDirectory(data("catalog.yaml"), tooShort)).toThrow(
      "fichier des rendez-vous refusé : " +
        "appointment_types[0].duration_minutes : nombre trop petit : 5 au minimum (trouvé : 3) ; " +
        "appointment_types[0].sites[0] : identifiant non valable : lettres minuscules, chiffres, points et tirets uniquement",
    );
    const noRoomService = data("appointments.yaml").replace(/^room_service: .*$/m, "");
    expect(() => loadOfferDirectory(data("catalog.yaml"), noRoomService)).toThrow(
      "fichier des rendez-vous refusé : room_service : champ obligatoire manquant",
    );
    expect(() => loadOfferDirectory(data("catalog.yaml"), "calendars: {}\nrooms: [\n")).toThrow(
      "fichier des rendez-vous, ligne 3, colonne 1 : YAML illisible : indentation incorrecte, ou crochet [ ou accolade { non refermé",
    );
  });

  it("keeps walk-in office hours out of booking, and partners with France Services", () => {
    expect(offer("elus.baune").booking).toBe("walk-in");
    expect(offer("partenaires.cpam").serviceId).toBe("france-services");
    expect(directory.offers.filter((o) => o.kind === "partner")).toHaveLength(6);
  });
});
