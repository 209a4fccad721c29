import { test } from "@guichet/testing";
import { describe, expect } from "vitest";
import { bootAppointments, outboxTypes, sql } from "./appointments.harness.ts";

// Tuesday 2 March 2027: the deputy mayor of Andard receives 17:00-18:30 in 15-minute slots (one desk);
// the town hall's ID-card desk (two agents) opens at 08:30.
const ANDARD_SLOT = "2027-03-02T17:00:00+01:00";
const ID_CARD_SLOT = "2027-03-02T08:30:00+01:00";
const ATTEMPTS = 40;

function booking(offerId: string, start: string, index: number) {
  return {
    offerId,
    start,
    name: `Habitant ${index}`,
    email: `habitant${index}@example.org`,
  };
}

async function fire(url: string, bodies: object[]) {
  return Promise.all(
    bodies.map(async (body) => {
      const response = await fetch(`${url}/api/appointments`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      return { status: response.status, body: (await response.json()) as { message?: string; appointmentId?: string } };
    }),
  );
}

describe("no double booking, decided by PostgreSQL", () => {
  test("of many parallel bookings of a one-desk slot exactly one wins; the others get a French 409", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace });
    try {
      const results = await fire(
        service.url,
        Array.from({ length: ATTEMPTS }, (_, index) => booking("elus.andard", ANDARD_SLOT, index)),
      );
      const won = results.filter((result) => result.status === 201);
      const lost = results.filter((result) => result.status === 409);
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(ATTEMPTS - 1);
      expect(lost[0]?.body.message).toBe(
        "Ce créneau vient d’être réservé par une autre personne. Choisissez un autre créneau, la liste est à jour.",
      );
      const stored = await sql<{ count: string }>(
        database.url,
        "SELECT count(*) FROM appointments.appointment WHERE offer_id = 'elus.andard' AND status <> 'cancelled'",
      );
      expect(stored[0]?.count).toBe("1");
      expect(await outboxTypes(database.url)).toEqual(["appointment.booked"]);

      // The slot is gone from the free slots; the next one is still offered.
      const slots = (await (
        await fetch(`${service.url}/api/appointments/slots?offre=elus.andard&du=2027-03-02&jours=1`)
      ).json()) as {
        slots: { start: string }[];
      };
      expect(slots.slots.map((slot) => slot.start)).not.toContain(new Date(ANDARD_SLOT).toISOString());
      expect(slots.slots[0]?.start).toBe(new Date("2027-03-02T17:15:00+01:00").toISOString());
    } finally {
      await service.close();
    }
  });

  test("a two-desk slot takes exactly two of many parallel bookings, on two different desks", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace });
    try {
      const results = await fire(
        service.url,
        Array.from({ length: ATTEMPTS }, (_, index) => booking("etat-civil.titres@siege", ID_CARD_SLOT, index)),
      );
      expect(results.filter((result) => result.status === 201)).toHaveLength(2);
      expect(results.filter((result) => result.status === 409)).toHaveLength(ATTEMPTS - 2);
      const desks = await sql<{ resource_id: string }>(
        database.url,
        "SELECT resource_id FROM appointments.appointment ORDER BY resource_id",
      );
      expect(desks.map((row) => row.resource_id)).toEqual(["etat-civil.titres@siege#1", "etat-civil.titres@siege#2"]);
    } finally {
      await service.close();
    }
  });

  test("parallel moves of many appointments to one free slot: exactly one moves, the others keep their slot", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace });
    try {
      const starts = ["17:00", "17:15", "17:30", "17:45", "18:00"].map((time) => `2027-03-02T${time}:00+01:00`);
      const booked = await fire(
        service.url,
        starts.map((start, index) => booking("elus.andard", start, index)),
      );
      expect(booked.map((result) => result.status)).toEqual([201, 201, 201, 201, 201]);
      const links = booked.map((result) => (result.body as { manageUrl: string }).manageUrl);
      const target = "2027-03-02T18:15:00+01:00";
      const moves = await Promise.all(
        links.map(async (link) => {
          const token = link.split("/").pop();
          const response = await fetch(`${service.url}/api/appointments/manage/${token}/reschedule`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ start: target }),
          });
          return response.status;
        }),
      );
      expect(moves.filter((status) => status === 200)).toHaveLength(1);
      expect(moves.filter((status) => status === 409)).toHaveLength(starts.length - 1);
      const rows = await sql<{ starts: Date }>(
        database.url,
        "SELECT lower(during) AS starts FROM appointments.appointment ORDER BY lower(during)",
      );
      const times = rows.map((row) => row.starts.toISOString());
      expect(new Set(times).size).toBe(starts.length);
      expect(times).toContain(new Date(target).toISOString());
    } finally {
      await service.close();
    }
  });
});

describe("reminders", () => {
  test("published once per appointment, even by concurrent rounds, and again after a move", async ({
    database,
    natsUrl,
    namespace,
  }) => {
    let now = new Date("2027-03-01T08:00:00+01:00");
    const service = await bootAppointments({ databaseUrl: database.url, natsUrl, namespace }, () => now);
    try {
      const booked = await fire(service.url, [booking("elus.andard", ANDARD_SLOT, 1)]);
      expect(booked[0]?.status).toBe(201);
      // 48 hours before: not due yet (24 hours by default).
      expect(await service.reminders.execute()).toBe(0);
      now = new Date("2027-03-01T18:00:00+01:00");
      const rounds = await Promise.all([1, 2, 3, 4].map(() => service.reminders.execute()));
      expect(rounds.reduce((sum, count) => sum + count, 0)).toBe(1);
      const token = (booked[0]?.body as { manageUrl?: string } | undefined)?.manageUrl?.split("/").pop();
      const moved = await fetch(`${service.url}/api/appointments/manage/${token}/reschedule`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ start: "2027-03-02T17:30:00+01:00" }),
      });
      expect(moved.status).toBe(200);
      expect(await service.reminders.execute()).toBe(1);
      expect(await outboxTypes(database.url)).toEqual([
        "appointment.booked",
        "appointment.reminder-due",
        "appointment.rescheduled",
        "appointment.reminder-due",
      ]);
    } finally {
      await service.close();
    }
  });
});
