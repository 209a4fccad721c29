// Values the integration global setup hands to every test file through `inject(...)`.
declare module "vitest" {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server of this run (allowed to CREATE DATABASE). */
    postgresAdminUrl: string;
    /** NATS server with JetStream of this run. */
    natsUrl: string;
  }
}

export {};
