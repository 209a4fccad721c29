import { randomUUID } from "node:crypto";
import type { AppointmentSnapshot, CitizenContact } from "@guichet/contracts";
import { type MailCatcher, startMailCatcher } from "@guichet/mailcatcher";
import { test, waitFor } from "@guichet/testing";
import { afterAll, beforeAll, describe, expect } from "vitest";
import { startNotification } from "../../src/notification.app.ts";
import { type FakeOvhSms, startFakeOvhSms } from "../support/fake-ovh-sms.server.ts";
import { outboxEvents, plain, TestPublisher, testConfig } from "../support/notification.harness.ts";

let mail: MailCatcher;
let ovh: FakeOvhSms;
const credentials = { applicationKey: "ak-test", applicationSecret: "as-test-secret", consumerKey: "ck-test" };
beforeAll(async () => {
  mail = await startMailCatcher({ smtpPort: 0, httpPort: 0 });
  ovh = await startFakeOvhSms(credentials);
});
afterAll(async () => {
  await mail?.stop();
  await ovh?.close();
});

/**
 * The clocks of this test, a year ahead: new messages are stamped with the database's now(), so a
 * test clock in the past would never find them due. The first week of December: CET (UTC+1), no
 * public holiday; the appointment is on the Tuesday after the Saturday.
 */
const YEAR = new Date().getUTCFullYear() + 1;
const SATURDAY = 1 + ((6 - new Date(Date.UTC(YEAR, 11, 1)).getUTCDay() + 7) % 7);
const MONDAY = SATURDAY + 2;
const TUESDAY = SATURDAY + 3;
const at = (day: number, time: string) => `${YEAR}-12-${String(day).padStart(2, "0")}T${time}.000Z`;
const tuesday = `mardi ${TUESDAY} décembre ${YEAR}`;

function appointment(citizen: Partial<CitizenContact>): AppointmentSnapshot {
  const id = randomUUID();
  return {
    appointmentId: id,
    offerId: "etat-civil.titres@siege",
    offerName: "Carte d'identité ou passeport (dépôt et retrait)",
    kind: "service",
    siteId: "siege",
    siteName: "Hôtel de ville de Loire-Authion",
    siteAddress: "1 place de la Mairie, Brain-sur-l'Authion, 49800 Loire-Authion",
    serviceId: "etat-civil",
    startsAt: at(TUESDAY, "08:30:00"),
    endsAt: at(TUESDAY, "08:50:00"),
    extended: false,
    channel: "web",
    citizen: {
      name: "Jeanne Martin",
      email: null,
      phone: null,
      postalAddress: null,
      preferredChannel: "email",
      ...citizen,
    },
    manageUrl: `https://rdv.loire-authion.example/rendez-vous/gerer/${"a".repeat(43)}`,
    requestReference: null,
    bring: "Une photo d'identité récente.",
  };
}

async function messages(
  pool: { query: (sql: string, values?: unknown[]) => Promise<{ rows: unknown[] }> },
  id: string,
) {
  const result = await pool.query(
    "SELECT dedupe_key, channel, status, next_attempt_at FROM notification.message WHERE request_id = $1 ORDER BY created_at",
    [id],
  );
  return result.rows as { dedupe_key: string; channel: string; status: string; next_attempt_at: Date }[];
}

describe("appointment confirmations and reminders", () => {
  test("e-mail confirmation, move and reminder exactly once each; SMS waits for the end of quiet hours; letter without address", async ({
    database,
    namespace,
    natsUrl,
  }) => {
    mail.clear();
    let clock = new Date(at(SATURDAY, "20:30:00")); // Saturday 21:30 in Paris: quiet hours for SMS
    const service = await startNotification(
      testConfig(
        { databaseUrl: database.url, natsUrl, namespace, smtpUrl: mail.smtpUrl },
        {
          sms: {
            provider: "ovh",
            endpoint: ovh.endpoint,
            serviceName: "sms-la12345-1",
            sender: "LoireAuthio",
            ...credentials,
          },
        },
      ),
      { now: () => clock },
    );
    const publisher = await TestPublisher.connect(natsUrl, namespace);
    try {
      const byEmail = appointment({ email: "jeanne@example.org" });
      const booked = await publisher.publish("appointmentBooked", {
        appointment: byEmail,
        bookedAt: at(SATURDAY, "20:29:00"),
        bookedBy: null,
      });
      await publisher.messaging.publish({ ...booked }); // redelivered by a second relay: still one message
      await publisher.publish("appointmentRescheduled", {
        appointment: { ...byEmail, startsAt: at(TUESDAY, "09:10:00"), endsAt: at(TUESDAY, "09:30:00") },
        previousStartsAt: byEmail.startsAt,
        rescheduledAt: at(SATURDAY, "20:29:30"),
        by: "citizen",
      });
      const moved = { ...byEmail, startsAt: at(TUESDAY, "09:10:00"), endsAt: at(TUESDAY, "09:30:00") };
      await publisher.publish("appointmentReminderDue", { appointment: moved, dueAt: at(MONDAY, "09:10:00") });
      await publisher.publish("appointmentReminderDue", { appointment: moved, dueAt: at(MONDAY, "09:11:00") });

      const mails = await mail.waitForMessages((m) => m.to.includes("jeanne@example.org"), {
        count: 3,
        timeoutMs: 20_000,
      });
      const subjects = mails.map((m) => plain(m.subject)).sort();
      expect(subjects).toEqual([
        `Confirmation de votre rendez-vous du ${tuesday} à 9 h 30`,
        `Rappel : votre rendez-vous du ${tuesday} à 10 h 10`,
        `Votre rendez-vous a été déplacé au ${tuesday} à 10 h 10`,
      ]);
      const confirmation = mails.find((m) => m.subject.startsWith("Confirmation"));
      expect(plain(confirmation?.text ?? "")).toContain("Hôtel de ville de Loire-Authion");
      expect(confirmation?.text).toContain(byEmail.manageUrl);
      expect(confirmation?.text).toContain("Une photo d'identité récente.");

      // SMS at night: queued, held until Monday 08:00 Paris, then sent with the link.
      const bySms = appointment({ phone: "+33612345678", preferredChannel: "sms" });
      await publisher.publish("appointmentBooked", {
        appointment: bySms,
        bookedAt: clock.toISOString(),
        bookedBy: "accueil-1",
      });
      const queued = await waitFor(async () => {
        const rows = await messages(service.infrastructure.pool, bySms.appointmentId);
        return rows.length === 1 ? rows : undefined;
      });
      await service.dispatcher.dispatchDue();
      const deferred = await messages(service.infrastructure.pool, bySms.appointmentId);
      expect(queued[0]?.channel).toBe("sms");
      expect(deferred[0]?.status).toBe("pending");
      expect(deferred[0]?.next_attempt_at.toISOString()).toBe(at(MONDAY, "07:00:00"));
      clock = new Date(at(MONDAY, "07:00:30"));
      await service.dispatcher.dispatchDue();
      // The dispatcher's own loop may be the one that sends it: wait for the provider to have it.
      const sms = await waitFor(async () => {
        const jobs = ovh.jobs.filter((job) => job.receivers.includes("+33612345678"));
        return jobs.length > 0 ? jobs : undefined;
      });
      expect(sms).toHaveLength(1);
      expect(sms[0]?.message).toContain(`RDV confirme le ${tuesday} à 9 h 30, Hotel de ville de Loire-Authion.`);
      expect(sms[0]?.message).toContain(bySms.manageUrl);

      // Only a postal address: a letter in the print queue.
      const byPost = appointment({ postalAddress: "3 rue des Lilas, 49800 Loire-Authion", preferredChannel: "letter" });
      await publisher.publish("appointmentCancelled", {
        appointment: byPost,
        cancelledAt: clock.toISOString(),
        by: "agent",
      });
      await waitFor(
        async () => (await messages(service.infrastructure.pool, byPost.appointmentId)).length === 1 || undefined,
      );
      await service.dispatcher.dispatchDue();
      const letter = await waitFor(async () => {
        const [row] = await messages(service.infrastructure.pool, byPost.appointmentId);
        return row?.status === "awaiting-print" ? row : undefined;
      });
      expect(letter.channel).toBe("letter");

      const keys = (await messages(service.infrastructure.pool, byEmail.appointmentId)).map((row) => row.dedupe_key);
      expect(keys).toHaveLength(3);
      // Appointment messages never pose as request events for reporting.
      expect((await outboxEvents(service.infrastructure.pool)).filter((e) => e.type.startsWith("message."))).toEqual(
        [],
      );
    } finally {
      await publisher.close();
      await service.close();
    }
  });
});
