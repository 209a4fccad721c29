import { AckPolicy, jetstreamManager, StorageType } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import pg from "pg";
import { referenceStream, referenceSubjects } from "./reference.config.ts";

/** One table per hop; the primary keys make every write idempotent (a redelivery changes nothing). */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS ref_request (id uuid PRIMARY KEY, subject_id text NOT NULL, body jsonb NOT NULL, received_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS ref_routed (request_id uuid PRIMARY KEY, service text NOT NULL, routed_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS ref_acknowledged (request_id uuid PRIMARY KEY, sent_at timestamptz NOT NULL);
CREATE TABLE IF NOT EXISTS ref_report (request_id uuid PRIMARY KEY, received_at timestamptz NOT NULL, acknowledged_at timestamptz NOT NULL, projected_at timestamptz NOT NULL DEFAULT now());
`;

export const REFERENCE_CONSUMERS = {
  routing: "received",
  notification: "routed",
  reporting: "acknowledged",
} as const;

/** Tables, stream (file storage, like the product's) and the three durable pull consumers. */
export async function setUpReference(options: {
  databaseUrl: string;
  natsUrl: string;
  prefix: string;
  replicas?: number;
}) {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  try {
    await client.query(SCHEMA);
  } finally {
    await client.end();
  }
  const nc = await connect({ servers: options.natsUrl.split(",") });
  try {
    const jsm = await jetstreamManager(nc);
    const subjects = referenceSubjects(options.prefix);
    const name = referenceStream(options.prefix);
    await jsm.streams.add({
      name,
      subjects: [`${options.prefix}.>`],
      storage: StorageType.File,
      num_replicas: options.replicas ?? 1,
      duplicate_window: 120_000_000_000,
    });
    for (const [durable, event] of Object.entries(REFERENCE_CONSUMERS)) {
      await jsm.consumers.add(name, {
        durable_name: durable,
        ack_policy: AckPolicy.Explicit,
        filter_subject: subjects[event],
        ack_wait: 30_000_000_000,
        max_ack_pending: 10_000,
      });
    }
  } finally {
    await nc.close();
  }
}

export async function deleteReferenceStream(natsUrl: string, prefix: string): Promise<void> {
  const nc = await connect({ servers: natsUrl.split(",") });
  try {
    const jsm = await jetstreamManager(nc);
    await jsm.streams.delete(referenceStream(prefix)).catch(() => false);
  } finally {
    await nc.close();
  }
}
