import { type StaffIdentity, signIdentity } from "@guichet/web";
import pg from "pg";
import { startAppointments } from "../src/appointments.app.ts";
import { loadAppointmentsConfig } from "../src/config.ts";

export const IDENTITY_SECRET = "appointments-test-identity-secret-0123";
/** Monday 1 March 2027, 08:00 in Loire-Authion: the tests' fixed clock (no public holiday that week). */
export const MONDAY = new Date("2027-03-01T08:00:00+01:00");

export async function bootAppointments(
  options: { databaseUrl: string; natsUrl: string; namespace: string },
  now: () => Date = () => MONDAY,
) {
  return startAppointments(
    loadAppointmentsConfig({
      DATABASE_URL: options.databaseUrl,
      NATS_URL: options.natsUrl,
      GUICHET_NAMESPACE: options.namespace,
      LOG_LEVEL: "silent",
      APPOINTMENTS_PORT: "0",
      GUICHET_IDENTITY_SECRET: IDENTITY_SECRET,
      GUICHET_PUBLIC_URL: "https://rdv.loire-authion.example",
    }),
    { now },
  );
}

export function staffHeaders(identity: Partial<StaffIdentity> = {}): Record<string, string> {
  return {
    "x-guichet-identity": signIdentity(
      {
        id: "accueil-1",
        name: "Paul Accueil",
        roles: ["reception"],
        serviceIds: ["accueil"],
        allServices: false,
        ...identity,
      },
      IDENTITY_SECRET,
    ),
  };
}

/** The event types the service wrote to its outbox, in order. */
export async function outboxTypes(databaseUrl: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ type: string }>("SELECT type FROM appointments.outbox ORDER BY seq");
    return rows.map((row) => row.type);
  } finally {
    await client.end();
  }
}

export async function sql<T extends pg.QueryResultRow>(databaseUrl: string, query: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return (await client.query<T>(query, values)).rows;
  } finally {
    await client.end();
  }
}
