import type { Outbox } from "@guichet/db";
import type { ServiceInfrastructure } from "@guichet/runtime";
import type pg from "pg";
import { type IngestOutcome, ingestEmail } from "../email/ingest-email.ts";
import type { SubmitRequestUseCase } from "../requests/submit-request/submit-request.usecase.ts";
import type { EmailConfig } from "./email.config.ts";
import { EmailLedgerRepository } from "./email-ledger.repository.ts";
import { DuplicateEmailError, PgEmailIntake } from "./pg-email-intake.port.ts";

export type MailLogger = Pick<ServiceInfrastructure["logger"], "info" | "warn" | "error">;

export interface EmailChannelDeps {
  pool: pg.Pool;
  schema: string;
  outbox: Outbox;
  submitRequest: SubmitRequestUseCase;
  referencePrefix: string;
  email: Pick<EmailConfig, "messageIdDomain" | "ownAddresses">;
  logger?: MailLogger;
}

/**
 * The one path every source of mail takes (SMTP receiver, IMAP poller, `guichet intake eml`):
 * parse, classify, store and publish through the outbox. When `receive` resolves, the effect is
 * committed; when it rejects, nothing is, and the source must keep the mail and retry (4xx, IMAP
 * message left for the next pass).
 */
export class EmailChannel {
  private readonly port: PgEmailIntake;

  constructor(private readonly deps: EmailChannelDeps) {
    this.port = new PgEmailIntake({
      pool: deps.pool,
      schema: deps.schema,
      outbox: deps.outbox,
      submitRequest: deps.submitRequest,
      ledger: new EmailLedgerRepository(deps.pool, deps.schema),
      messageIdDomain: deps.email.messageIdDomain,
      ownAddresses: deps.email.ownAddresses,
      referencePrefix: deps.referencePrefix,
    });
  }

  /** `source` names the entry point in logs ("smtp", "imap", "eml"); nothing personal is logged. */
  async receive(raw: Buffer, receivedAt: Date, source: string): Promise<IngestOutcome> {
    let outcome: IngestOutcome;
    try {
      outcome = await ingestEmail(raw, receivedAt, this.port);
    } catch (error) {
      // The same mail delivered twice at the same time: the other delivery committed it.
      if (!(error instanceof DuplicateEmailError)) throw error;
      outcome = { outcome: "duplicate", reason: "already-ingested" };
    }
    this.deps.logger?.info(
      { source, outcome: outcome.outcome, reason: outcome.reason, reference: outcome.reference, bytes: raw.length },
      "e-mail ingested",
    );
    return outcome;
  }
}
