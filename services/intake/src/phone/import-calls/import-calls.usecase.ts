import { randomUUID } from "node:crypto";
import type { Readable } from "node:stream";
import type { PrismaClient } from "../../../generated/prisma/client.ts";
import type { CallRepository, CallRow, ImportCounts, ImportLineError } from "../call.repository.ts";
import { type CallLogFormat, lineMessage, parseCallLog } from "../call-log.parser.ts";
import type { CallMapping } from "../call-mapping.schema.ts";
import type { RecordCallsUseCase } from "../record-calls/record-calls.usecase.ts";

export interface ImportCallsCommand {
  input: Readable;
  format: CallLogFormat;
  /** Required for the generic format. */
  mapping?: CallMapping | undefined;
  siteId: string | null;
  fileName: string | null;
}

export interface ImportReport extends ImportCounts {
  importId: string;
  format: CallLogFormat;
  /** Broken lines, each with its number and reason; the other lines were imported. */
  errors: ImportLineError[];
}

export interface ImportCallsOptions {
  /** Zone of the switchboard's clock for Asterisk files (Europe/Paris unless usegmtime=yes). */
  asteriskTimeZone: string;
  /** Rows per transaction: calls, callback requests and outbox events are written batch by batch. */
  batchSize?: number;
  /** Batches written at the same time (default 2): one is prepared while the other waits on PostgreSQL. */
  concurrency?: number;
}

/** Errors kept in the stored and returned report; the count goes on. */
const MAX_REPORTED_ERRORS = 1000;

/**
 * Imports a switchboard call log. Rows are stored in batches, each batch in one transaction with its
 * callback requests and `call.recorded` events; the report is returned once every batch committed.
 * Idempotent by call key (see callKey): importing the same file twice imports nothing the second time.
 */
export class ImportCallsUseCase {
  constructor(
    private readonly db: Pick<PrismaClient, "$transaction">,
    private readonly calls: CallRepository,
    private readonly recordCalls: RecordCallsUseCase,
    private readonly options: ImportCallsOptions,
  ) {}

  async execute(command: ImportCallsCommand): Promise<ImportReport> {
    const importId = randomUUID();
    const source = command.format === "asterisk" ? "asterisk-cdr" : "generic-csv";
    await this.db.$transaction((tx) => this.calls.startImport(tx, importId, source, command.siteId, command.fileName));
    const counts: ImportCounts = { rows: 0, imported: 0, duplicates: 0, ignored: 0, callbacks: 0 };
    const errors: ImportLineError[] = [];
    let errorCount = 0;
    const batchSize = this.options.batchSize ?? 2000;
    let batch: CallRow[] = [];
    const seen = new Set<string>();
    const inFlight = new Set<Promise<void>>();
    let failure: unknown;
    const flush = async (limit: number) => {
      if (batch.length > 0) {
        const rows = batch;
        batch = [];
        const write = this.db
          .$transaction((tx) => this.recordCalls.execute(tx, rows), { timeout: 120_000 })
          .then((stored) => {
            counts.imported += stored.imported;
            counts.duplicates += stored.duplicates;
            counts.callbacks += stored.callbacks;
          })
          .catch((error: unknown) => {
            failure ??= error;
          })
          .finally(() => inFlight.delete(write));
        inFlight.add(write);
      }
      while (inFlight.size > limit) await Promise.race(inFlight);
      if (failure) {
        await Promise.all(inFlight);
        throw failure;
      }
    };
    const concurrency = this.options.concurrency ?? 2;
    const lines = parseCallLog({ ...command, asteriskTimeZone: this.options.asteriskTimeZone });
    for await (const { line, result } of lines) {
      counts.rows++;
      if (result.kind === "error") {
        errorCount++;
        if (errors.length < MAX_REPORTED_ERRORS)
          errors.push({ line, column: result.column, message: lineMessage(line, result) });
      } else if (result.kind === "ignored") {
        counts.ignored++;
      } else if (seen.has(result.call.key)) {
        // The same row twice in one file: a duplicate like any other.
        counts.duplicates++;
      } else {
        seen.add(result.call.key);
        batch.push({ call: result.call, importId, line });
        if (batch.length >= batchSize) {
          await flush(concurrency - 1);
          seen.clear();
        }
      }
    }
    await flush(0);
    if (errorCount > errors.length) {
      errors.push({ line: 0, column: null, message: `… et ${errorCount - errors.length} autres lignes en erreur` });
    }
    await this.db.$transaction((tx) => this.calls.finishImport(tx, importId, counts, errors));
    return { importId, format: command.format, ...counts, errors };
  }
}
