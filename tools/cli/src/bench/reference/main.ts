import { jetstream } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import nodemailer from "nodemailer";
import pg from "pg";
import { loadReferenceConfig } from "./reference.config.ts";
import { notificationHandler, reportingHandler, routingHandler, runReferenceConsumer } from "./reference-consumers.ts";
import { startReferenceIntake } from "./reference-intake.ts";

/**
 * One process of the bench's reference pipeline (REF_ROLE picks which), spawned by
 * `guichet bench --compare` exactly as the product's services are: one Node process per hop.
 */
const config = loadReferenceConfig();
const pool = new pg.Pool({ connectionString: config.REF_DATABASE_URL, max: 10 });
const nc = await connect({ servers: config.REF_NATS_URL.split(","), name: `reference-${config.REF_ROLE}` });
const js = jetstream(nc);
const closers: (() => Promise<unknown>)[] = [];

if (config.REF_ROLE === "intake") {
  const server = await startReferenceIntake(config, pool, js);
  const address = server.address();
  process.stdout.write(`ready ${typeof address === "object" && address ? address.port : 0}\n`);
  closers.push(() => new Promise((resolve) => server.close(resolve)));
} else {
  const handler =
    config.REF_ROLE === "routing"
      ? routingHandler(config, pool, js)
      : config.REF_ROLE === "notification"
        ? notificationHandler(
            config,
            pool,
            js,
            nodemailer.createTransport({
              pool: true,
              host: new URL(config.REF_SMTP_URL).hostname,
              port: Number(new URL(config.REF_SMTP_URL).port),
              maxConnections: 4,
              maxMessages: Number.POSITIVE_INFINITY,
            }),
          )
        : reportingHandler(pool);
  const consumer = await runReferenceConsumer(config, js, config.REF_ROLE, handler);
  process.stdout.write("ready\n");
  closers.push(() => consumer.stop());
}

process.once("SIGTERM", () => {
  void (async () => {
    for (const close of closers) await close();
    await nc.drain();
    await pool.end();
    process.exit(0);
  })();
});
