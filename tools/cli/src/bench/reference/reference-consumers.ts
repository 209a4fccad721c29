import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { Transporter } from "nodemailer";
import type pg from "pg";
import {
  type ReferenceConfig,
  type ReferenceEvent,
  referenceEventSchema,
  referenceStream,
  referenceSubjects,
} from "./reference.config.ts";

const MAX_BATCH = 200;

type Handler = (events: ReferenceEvent[]) => Promise<void>;

/**
 * Hops 2 to 4: a durable pull consumer whose handler does one write and one publish, then acks.
 * "simple" handles one message at a time; "batched" takes whatever has arrived (up to 200) and
 * handles it with one multi-row write and pipelined publishes. Acks come after the write and the
 * publish, so a crash redelivers and the idempotent write absorbs it.
 */
export async function runReferenceConsumer(
  config: ReferenceConfig,
  js: JetStreamClient,
  durable: string,
  handler: Handler,
): Promise<{ stop(): Promise<void> }> {
  const consumer = await js.consumers.get(referenceStream(config.REF_PREFIX), durable);
  const messages = await consumer.consume({ max_messages: 512 });
  const queue: JsMsg[] = [];
  let wake: (() => void) | undefined;
  let running = true;
  const reader = (async () => {
    for await (const message of messages) {
      queue.push(message);
      wake?.();
    }
    running = false;
    wake?.();
  })();
  const max = config.REF_VARIANT === "batched" ? MAX_BATCH : 1;
  const loop = (async () => {
    while (running || queue.length > 0) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
        });
        wake = undefined;
        continue;
      }
      const batch = queue.splice(0, max);
      try {
        await handler(batch.map((m) => referenceEventSchema.parse(m.json())));
        for (const m of batch) m.ack();
      } catch {
        for (const m of batch) m.nak(500);
      }
    }
  })();
  return {
    async stop() {
      messages.stop();
      await reader;
      await loop;
    },
  };
}

function publishAll(
  js: JetStreamClient,
  subject: string,
  events: ReferenceEvent[],
  idOf: (e: ReferenceEvent) => string,
) {
  // Pipelined: every publish is sent before the first ack is awaited.
  return Promise.all(events.map((e) => js.publish(subject, JSON.stringify(e), { msgID: idOf(e) })));
}

/** Routing: a trivial decision (the subject's first segment), one write, one publish. */
export function routingHandler(config: ReferenceConfig, pool: pg.Pool, js: JetStreamClient): Handler {
  const subjects = referenceSubjects(config.REF_PREFIX);
  return async (events) => {
    const routed = events.map((e) => ({ ...e, service: e.subjectId.split(".")[0] ?? "accueil" }));
    await pool.query(
      `INSERT INTO ref_routed (request_id, service) SELECT * FROM unnest($1::uuid[], $2::text[]) ON CONFLICT DO NOTHING`,
      [routed.map((e) => e.requestId), routed.map((e) => e.service)],
    );
    await publishAll(js, subjects.routed, routed, (e) => `routed:${e.requestId}`);
  };
}

/** Notification: one e-mail through SMTP (pooled connections), one write, one publish. */
export function notificationHandler(
  config: ReferenceConfig,
  pool: pg.Pool,
  js: JetStreamClient,
  mailer: Transporter,
): Handler {
  const subjects = referenceSubjects(config.REF_PREFIX);
  return async (events) => {
    const sent = await Promise.all(
      events.map(async (e) => {
        // A hand-made MIME source, as the product does (nodemailer's composer costs more CPU).
        const raw = [
          "From: mairie@example.org",
          `To: ${e.email}`,
          `Subject: Accuse de reception ${e.requestId}`,
          `Message-ID: <${e.requestId}@reference.example>`,
          "Content-Type: text/plain; charset=utf-8",
          "",
          `Votre demande du ${e.receivedAt} a ete transmise au service ${e.service ?? "accueil"}.`,
          "",
        ].join("\r\n");
        await mailer.sendMail({ envelope: { from: "mairie@example.org", to: [e.email] }, raw });
        return { ...e, acknowledgedAt: new Date().toISOString() };
      }),
    );
    await pool.query(
      `INSERT INTO ref_acknowledged (request_id, sent_at) SELECT * FROM unnest($1::uuid[], $2::timestamptz[]) ON CONFLICT DO NOTHING`,
      [sent.map((e) => e.requestId), sent.map((e) => e.acknowledgedAt)],
    );
    await publishAll(js, subjects.acknowledged, sent, (e) => `ack:${e.requestId}`);
  };
}

/** Reporting: one write of the request's receipt and acknowledgement instants (the end of the line). */
export function reportingHandler(pool: pg.Pool): Handler {
  return async (events) => {
    await pool.query(
      `INSERT INTO ref_report (request_id, received_at, acknowledged_at)
       SELECT * FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [events.map((e) => e.requestId), events.map((e) => e.receivedAt), events.map((e) => e.acknowledgedAt)],
    );
  };
}
