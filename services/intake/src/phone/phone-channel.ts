import { fileURLToPath } from "node:url";
import { createPool, migrate, Outbox, prismaAdapter } from "@guichet/db";
import { PrismaClient } from "../../generated/prisma/client.ts";
import { ReferenceAllocator } from "../requests/reference-allocator.ts";
import { RequestRepository } from "../requests/request.repository.ts";
import { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import { CallRepository } from "./call.repository.ts";
import { TakeCallNoteUseCase } from "./call-note/take-call-note.usecase.ts";
import { CtiEventRepository } from "./cti-events/cti-event.repository.ts";
import { RecordCtiEventUseCase } from "./cti-events/record-cti-event.usecase.ts";
import { ImportCallsUseCase } from "./import-calls/import-calls.usecase.ts";
import type { PhoneConfig } from "./phone.config.ts";
import { RecordCallsUseCase } from "./record-calls/record-calls.usecase.ts";

export interface PhoneChannel {
  importCalls: ImportCallsUseCase;
  recordCtiEvent: RecordCtiEventUseCase;
  takeCallNote: TakeCallNoteUseCase;
}

export interface PhoneChannelDeps {
  schema: string;
  outbox: Outbox;
  prisma: PrismaClient;
  submitRequest: SubmitRequestUseCase;
}

/** The phone channel's use cases, over the service's schema, outbox and request use case. */
export function phoneChannel(config: PhoneConfig, deps: PhoneChannelDeps): PhoneChannel {
  const calls = new CallRepository(deps.schema);
  // Callbacks are "one per number and local day": the town's day, whatever the switchboard's clock.
  const recordCalls = new RecordCallsUseCase(calls, deps.submitRequest, deps.outbox, "Europe/Paris");
  return {
    importCalls: new ImportCallsUseCase(deps.prisma, calls, recordCalls, {
      asteriskTimeZone: config.switchboardTimeZone,
    }),
    recordCtiEvent: new RecordCtiEventUseCase(deps.prisma, new CtiEventRepository(deps.schema), recordCalls),
    takeCallNote: new TakeCallNoteUseCase(deps.prisma, calls, deps.submitRequest, deps.outbox),
  };
}

export interface StandalonePhoneChannel {
  channel: PhoneChannel;
  close(): Promise<void>;
}

/**
 * The phone channel without the HTTP service, for `guichet intake calls`: it writes calls, requests
 * and outbox events to the database; the running intake's relay publishes them.
 */
export async function openPhoneChannel(
  databaseUrl: string,
  options: { referencePrefix: string; phone: PhoneConfig; schema?: string },
): Promise<StandalonePhoneChannel> {
  const schema = options.schema ?? "intake";
  await migrate({
    connectionString: databaseUrl,
    schema,
    migrationsDir: fileURLToPath(new URL("../../migrations", import.meta.url)),
  });
  const pool = createPool(databaseUrl, { applicationName: "guichet-intake-calls" });
  const prisma = new PrismaClient({ adapter: prismaAdapter(databaseUrl, schema) });
  const outbox = new Outbox(schema);
  const submitRequest = new SubmitRequestUseCase(
    new RequestRepository(prisma),
    new ReferenceAllocator(pool, schema, options.referencePrefix),
    outbox,
  );
  return {
    channel: phoneChannel(options.phone, { schema, outbox, prisma, submitRequest }),
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}
