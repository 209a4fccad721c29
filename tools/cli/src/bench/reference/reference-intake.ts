import { randomUUID } from "node:crypto";
import http from "node:http";
import type { JetStreamClient } from "@nats-io/jetstream";
import type pg from "pg";
import { z } from "zod";
import { type ReferenceConfig, type ReferenceEvent, referenceSubjects } from "./reference.config.ts";

const submissionSchema = z.object({
  subjectId: z.string().min(1),
  title: z.string().optional(),
  body: z.string().min(1),
  citizen: z.object({ name: z.string().min(1), email: z.email() }),
});

interface Pending {
  id: string;
  submission: z.infer<typeof submissionSchema>;
  receivedAt: Date;
  done: (error?: unknown) => void;
}

const MAX_BATCH = 200;

/**
 * Hop 1, the bare minimum: validate, one INSERT, one JetStream publish (message id = request id),
 * answer 201. The batched variant gathers the requests that arrive while a flush runs into one
 * multi-row INSERT and publishes them with pipelined acks.
 */
export function startReferenceIntake(
  config: ReferenceConfig,
  pool: pg.Pool,
  js: JetStreamClient,
): Promise<http.Server> {
  const subjects = referenceSubjects(config.REF_PREFIX);
  const queue: Pending[] = [];
  let flushing = false;

  async function persistAndPublish(batch: Pending[]): Promise<void> {
    await pool.query(
      `INSERT INTO ref_request (id, subject_id, body, received_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::jsonb[], $4::timestamptz[])`,
      [
        batch.map((p) => p.id),
        batch.map((p) => p.submission.subjectId),
        batch.map((p) => JSON.stringify(p.submission)),
        batch.map((p) => p.receivedAt),
      ],
    );
    await Promise.all(
      batch.map((p) => {
        const event: ReferenceEvent = {
          requestId: p.id,
          email: p.submission.citizen.email,
          subjectId: p.submission.subjectId,
          receivedAt: p.receivedAt.toISOString(),
        };
        return js.publish(subjects.received, JSON.stringify(event), { msgID: p.id });
      }),
    );
  }

  async function flush(): Promise<void> {
    if (flushing) return;
    flushing = true;
    try {
      while (queue.length > 0) {
        const batch = queue.splice(0, config.REF_VARIANT === "batched" ? MAX_BATCH : 1);
        try {
          await persistAndPublish(batch);
          for (const p of batch) p.done();
        } catch (error) {
          for (const p of batch) p.done(error);
        }
      }
    } finally {
      flushing = false;
    }
  }

  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/readyz") {
      res.writeHead(200).end("ok");
      return;
    }
    if (req.method !== "POST" || req.url !== "/api/requests") {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      let submission: z.infer<typeof submissionSchema>;
      try {
        submission = submissionSchema.parse(JSON.parse(Buffer.concat(chunks).toString("utf8")));
      } catch {
        res.writeHead(400, { "content-type": "application/json" }).end('{"error":"invalid request"}');
        return;
      }
      const id = randomUUID();
      const receivedAt = new Date();
      const reply = (error?: unknown) => {
        if (error) res.writeHead(503).end();
        else res.writeHead(201, { "content-type": "application/json" }).end(JSON.stringify({ requestId: id }));
      };
      if (config.REF_VARIANT === "simple") {
        persistAndPublish([{ id, submission, receivedAt, done: reply }]).then(() => reply(), reply);
        return;
      }
      queue.push({ id, submission, receivedAt, done: reply });
      void flush();
    });
  });
  return new Promise((resolve) => server.listen(config.REF_PORT, "127.0.0.1", () => resolve(server)));
}
