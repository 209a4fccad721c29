import { randomUUID } from "node:crypto";
import type { AppointmentSnapshot } from "@guichet/contracts";
import { test, waitFor } from "@guichet/testing";
import { describe, expect } from "vitest";
import { bootReporting, staffHeader, TestPublisher } from "../support/reporting.harness.ts";

function snapshot(siteId: string, startsAt: string, extended: boolean, channel: "web" | "phone"): AppointmentSnapshot {
  const start = new Date(startsAt);
  return {
    appointmentId: randomUUID(),
    offerId: `etat-civil.titres@${siteId}`,
    offerName: "Carte d'identité",
    kind: "service",
    siteId,
    siteName: siteId,
    siteAddress: null,
    serviceId: "etat-civil",
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 20 * 60_000).toISOString(),
    extended,
    channel,
    citizen: { name: "X", email: "x@example.org", phone: null, postalAddress: null, preferredChannel: "email" },
    manageUrl: "https://rdv.loire-authion.example/rendez-vous/gerer/token",
    requestReference: null,
    bring: null,
  };
}

/**
 * Hand-computed: siege has 4 appointments in March 2027 — A attended (booked 2 days ahead),
 * B no-show (booked 4 days ahead, extended hours), C cancelled, D moved into the extended hours
 * (booked 6 days ahead) and still booked: booked 4, cancelled 1, attended 1, no-shows 1, no-show
 * rate 1/2, extended 2 of the 3 kept, median lead time of A, B, D = 4 days. France Services has one
 * phone booking on 2 April: outside the period.
 */
describe("appointments in reporting", () => {
  test("bookings, no-shows, extended-hours use and lead time per site, over the API and on the dashboard", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    const service = await bootReporting({ databaseUrl: database.url, natsUrl, namespace });
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const book = (a: AppointmentSnapshot, daysBefore: number) =>
        publisher.publish("appointmentBooked", {
          appointment: a,
          bookedAt: new Date(new Date(a.startsAt).getTime() - daysBefore * 86_400_000).toISOString(),
          bookedBy: a.channel === "phone" ? "accueil-1" : null,
        });
      const attendance = (a: AppointmentSnapshot, outcome: "attended" | "no-show") =>
        publisher.publish("appointmentAttendanceRecorded", {
          appointmentId: a.appointmentId,
          offerId: a.offerId,
          kind: a.kind,
          siteId: a.siteId,
          startsAt: a.startsAt,
          extended: a.extended,
          outcome,
          recordedAt: a.endsAt,
        });
      const a = snapshot("siege", "2027-03-02T09:00:00+01:00", false, "web");
      const b = snapshot("siege", "2027-03-02T18:00:00+01:00", true, "phone");
      const c = snapshot("siege", "2027-03-03T09:00:00+01:00", false, "web");
      const d = snapshot("siege", "2027-03-04T09:00:00+01:00", false, "web");
      const later = snapshot("france-services", "2027-04-02T10:00:00+02:00", false, "phone");
      await book(a, 2);
      await attendance(a, "attended");
      await book(b, 4);
      await attendance(b, "no-show");
      await book(c, 1);
      await publisher.publish("appointmentCancelled", {
        appointment: c,
        cancelledAt: "2027-03-02T12:00:00.000Z",
        by: "citizen",
      });
      await book(d, 6);
      await publisher.publish("appointmentRescheduled", {
        appointment: { ...d, extended: true },
        previousStartsAt: d.startsAt,
        rescheduledAt: "2027-02-27T10:00:00.000Z",
        by: "agent",
      });
      await book(later, 3);

      const headers = { "x-guichet-identity": staffHeader() };
      const url = `${service.url}/api/reports/appointments?from=2027-03-01&to=2027-03-31`;
      const rows = await waitFor(async () => {
        const body = (await (await fetch(url, { headers })).json()) as {
          rows: { site: string; extendedHours: number }[];
        };
        return body.rows.length === 1 && body.rows[0]?.extendedHours === 2 ? body.rows : undefined;
      });
      expect(rows).toEqual([
        {
          site: "siege",
          booked: 4,
          cancelled: 1,
          attended: 1,
          noShows: 1,
          noShowRate: 0.5,
          extendedHours: 2,
          extendedShare: 2 / 3,
          medianLeadDays: 4,
          byChannel: { web: 3, phone: 1, counter: 0 },
        },
      ]);
      // A manager of another service sees none of them.
      const other = await fetch(url, {
        headers: { "x-guichet-identity": staffHeader({ allServices: false, serviceIds: ["voirie"] }) },
      });
      expect(((await other.json()) as { rows: unknown[] }).rows).toEqual([]);

      const dashboard = await (
        await fetch(`${service.url}/tableau-de-bord?from=2027-03-01&to=2027-03-31`, { headers })
      ).text();
      expect(dashboard).toContain("Rendez-vous par site");
      expect(dashboard).toMatch(/<th scope="row">siege<\/th><td>4<\/td><td>1<\/td><td>1<\/td><td>1<\/td><td>50/);
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
