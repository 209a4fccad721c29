import { createHash } from "node:crypto";
import { formatWithOffset } from "@guichet/calendar";
import type pg from "pg";
import type { ManagerRecipient } from "../config.ts";
import { smtpTransport } from "../mail/smtp-transport.ts";
import { parseReportQuery } from "../reports/report-params.ts";
import type { SlaReportQuery, SlaReportRow } from "../reports/sla-report.query.ts";

/** Monday (local date) of the week before the one containing `now`. */
export function previousWeek(now: Date): { from: string; to: string } {
  const today = formatWithOffset(now).slice(0, 10);
  const date = new Date(`${today}T00:00:00Z`);
  const monday = new Date(date.getTime() - ((date.getUTCDay() + 6) % 7) * 86_400_000 - 7 * 86_400_000);
  const sunday = new Date(monday.getTime() + 6 * 86_400_000);
  return { from: monday.toISOString().slice(0, 10), to: sunday.toISOString().slice(0, 10) };
}

const pct = (v: number | null) => (v === null ? "–" : `${(v * 100).toFixed(0)} %`);

function weeklyText(town: string, week: { from: string; to: string }, rows: SlaReportRow[]): string {
  const lines = [
    "Bonjour,",
    "",
    `Voici les délais de traitement des demandes reçues du ${week.from} au ${week.to} (mairie de ${town}).`,
    "",
  ];
  for (const row of rows) {
    const m = row.measures;
    lines.push(
      `${row.group.service ?? "Sans service attribué"} : ${row.volume} demandes, ${row.open} en cours ; ` +
        `accusé de réception dans l'objectif ${pct(m.acknowledgement.shareWithin)}, ` +
        `première réponse ${pct(m.firstResponse.shareWithin)}, clôture ${pct(m.resolution.shareWithin)} ; ` +
        `accusés manquants ${row.acknowledgementsMissing}.`,
    );
  }
  if (rows.length === 0) lines.push("Aucune demande reçue cette semaine-là.");
  lines.push("", "Le détail est dans le tableau de bord : /tableau-de-bord", "");
  return lines.join("\n");
}

/**
 * Sends each manager the previous week's figures of their services, once per week (the address is
 * kept hashed). Recipients come from configuration (REPORTING_MANAGERS) until user accounts hold them.
 */
export class SendWeeklyReportsUseCase {
  constructor(
    private readonly pool: pg.Pool,
    private readonly schema: string,
    private readonly reports: SlaReportQuery,
    private readonly options: { managers: ManagerRecipient[]; smtpUrl: string; mailFrom: string; town: string },
  ) {}

  async execute(now: Date): Promise<number> {
    const week = previousWeek(now);
    let sent = 0;
    const transport = smtpTransport(this.options.smtpUrl);
    try {
      for (const manager of this.options.managers) {
        const recipientHash = createHash("sha256").update(manager.email.toLowerCase()).digest("hex");
        const claimed = await this.pool.query(
          `INSERT INTO "${this.schema}".weekly_report_sent (week_start, recipient_hash, sent_at) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING`,
          [week.from, recipientHash, now],
        );
        if (claimed.rowCount !== 1) continue;
        try {
          const report = await this.reports.sla(
            parseReportQuery({ ...week, groupBy: "service", asOf: now.toISOString() }),
            manager.allServices ? null : manager.serviceIds,
          );
          await transport.sendMail({
            from: this.options.mailFrom,
            to: manager.email,
            subject: `Délais de traitement — semaine du ${week.from}`,
            text: weeklyText(this.options.town, week, report.rows),
          });
          sent += 1;
        } catch (error) {
          // Not sent: release the claim so the next run tries again.
          await this.pool.query(
            `DELETE FROM "${this.schema}".weekly_report_sent WHERE week_start = $1 AND recipient_hash = $2`,
            [week.from, recipientHash],
          );
          throw error;
        }
      }
    } finally {
      transport.close();
    }
    return sent;
  }
}
