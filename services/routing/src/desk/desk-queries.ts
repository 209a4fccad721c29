import type { DeskStatus } from "@guichet/contracts";
import type { Outbox } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type { StaffIdentity } from "@guichet/web";
import type { DeskCase, DeskEntry } from "../../generated/prisma/client.ts";
import type { DeskStore } from "./desk.store.ts";
import { requireRead } from "./desk-access.ts";
import { auditEvent } from "./desk-events.ts";

export type CaseSummary = Pick<
  DeskCase,
  | "requestId"
  | "reference"
  | "channel"
  | "title"
  | "serviceId"
  | "subjectId"
  | "status"
  | "assigneeId"
  | "assigneeName"
  | "transferCount"
  | "unreadFollowUps"
  | "receivedAt"
  | "placedAt"
  | "statusChangedAt"
>;

const summary = {
  requestId: true,
  reference: true,
  channel: true,
  title: true,
  serviceId: true,
  subjectId: true,
  status: true,
  assigneeId: true,
  assigneeName: true,
  transferCount: true,
  unreadFollowUps: true,
  receivedAt: true,
  placedAt: true,
  statusChangedAt: true,
} as const;

export interface TriageItem extends CaseSummary {
  /** The start of the text, enough to pick a subject; the contact is not shown in the queue. */
  excerpt: string;
}

export interface CaseDetails {
  deskCase: DeskCase;
  entries: DeskEntry[];
}

const EXCERPT_LENGTH = 280;

/**
 * Reads of the desk. Every read that shows a request's text or contact is recorded as
 * audit.recorded ("view"), in a transaction of its own, before the data is returned.
 */
export class DeskQueries {
  constructor(
    private readonly db: DeskStore,
    private readonly outbox: Outbox,
  ) {}

  async triageQueue(staff: StaffIdentity): Promise<TriageItem[]> {
    const cases = await this.db.deskCase.findMany({
      where: { queue: "triage" },
      select: { ...summary, body: true },
      orderBy: [{ receivedAt: "asc" }, { reference: "asc" }],
    });
    await this.recordViews(staff, cases, "viewed request text in the triage queue");
    return cases.map(({ body, ...rest }) => ({ ...rest, excerpt: excerptOf(body ?? "") }));
  }

  /** A service queue; `serviceIds` is what the person may read, already checked by the caller. */
  async serviceQueue(
    serviceIds: readonly string[] | "all",
    status: DeskStatus | null,
  ): Promise<{ cases: CaseSummary[]; counts: Record<DeskStatus, number> }> {
    const scope = { queue: "service", ...(serviceIds === "all" ? {} : { serviceId: { in: [...serviceIds] } }) };
    const [cases, grouped] = await Promise.all([
      this.db.deskCase.findMany({
        where: { ...scope, ...(status ? { status } : {}) },
        select: summary,
        orderBy: [{ placedAt: "asc" }, { reference: "asc" }],
        take: 500,
      }),
      this.db.deskCase.groupBy({ by: ["status"], where: scope, _count: { _all: true } }),
    ]);
    const counts: Record<DeskStatus, number> = {
      new: 0,
      "in-progress": 0,
      "waiting-citizen": 0,
      answered: 0,
      closed: 0,
    };
    for (const row of grouped) counts[row.status as DeskStatus] = row._count._all;
    return { cases, counts };
  }

  /** Details with the citizen's contact: checked against the service in charge, then audited. */
  async details(staff: StaffIdentity, requestId: string): Promise<CaseDetails> {
    const deskCase = await this.db.deskCase.findUnique({ where: { requestId } });
    if (!deskCase) throw new AppError("not-found", "Demande introuvable.");
    requireRead(staff, deskCase.queue === "service" ? deskCase.serviceId : null);
    const entries = await this.db.deskEntry.findMany({ where: { requestId }, orderBy: [{ at: "asc" }, { id: "asc" }] });
    await this.recordViews(staff, [deskCase], "viewed request details and contact");
    return { deskCase, entries };
  }

  async referenceOf(requestId: string): Promise<string | null> {
    const found = await this.db.deskCase.findUnique({ where: { requestId }, select: { reference: true } });
    return found?.reference ?? null;
  }

  /** Where a case is, without its content (no personal data, so no audit). */
  async peek(requestId: string): Promise<{ deskCase: Pick<DeskCase, "queue" | "serviceId"> | null }> {
    const deskCase = await this.db.deskCase.findUnique({
      where: { requestId },
      select: { queue: true, serviceId: true },
    });
    return { deskCase };
  }

  private async recordViews(staff: StaffIdentity, cases: { requestId: string; reference: string }[], detail: string) {
    if (cases.length === 0) return;
    const at = new Date();
    await this.db.$transaction(async (tx) => {
      await this.outbox.enqueue(tx, ...cases.map((c) => auditEvent(staff, c, "view", detail, at)));
    });
  }
}

function excerptOf(body: string): string {
  const flat = body.replace(/\s+/g, " ").trim();
  return flat.length <= EXCERPT_LENGTH ? flat : `${flat.slice(0, EXCERPT_LENGTH - 1)}…`;
}
