import { withPgTransaction } from "@guichet/db";
import { AppError } from "@guichet/runtime";
import type pg from "pg";
import { composeAcknowledgement, composeRegistrationReceipt } from "../messages/acknowledgement-content.ts";
import {
  renderAcknowledgementEmail,
  renderRegistrationEmail,
  renderStatusMessage,
} from "../messages/email.renderer.ts";
import { renderDocumentLetterPdf, renderLetterPdf } from "../messages/letter-pdf.ts";
import { sampleReceived, sampleRouted } from "../messages/preview-samples.ts";
import { renderAcknowledgementSms, renderRegistrationSms, renderStatusSms } from "../messages/sms-text.renderer.ts";
import { buildStatusDocument } from "../messages/status-document.builder.ts";
import { sampleStatusInputs } from "../messages/template.preview.ts";
import type { Locale, TownIdentity } from "../messages/town-identity.types.ts";
import { templatePlaceholders } from "../messages/wording.catalog.ts";
import { englishWording } from "../messages/wording.en.ts";
import { frenchWording } from "../messages/wording.fr.ts";
import { type TemplateIssue, validateTemplateOverrides, type WordingOverrides } from "../messages/wording.resolver.ts";
import type { TownSettings } from "./town-settings.ts";

export const PREVIEW_KINDS = [
  "registration",
  "acknowledgement.sva",
  "acknowledgement.svr",
  "acknowledgement.information",
  "acknowledgement.document",
  "acknowledgement.external",
  "status.reply",
  "status.waiting-for-citizen",
  "status.closed",
  "status.rerouted",
] as const;
export type PreviewKind = (typeof PREVIEW_KINDS)[number];

export type Preview =
  | { channel: "email"; subject: string; text: string; html: string }
  | { channel: "sms"; text: string; encoding: string; segments: number }
  | { channel: "letter"; pdf: Buffer };

const PREVIEW_NOW = new Date("2026-11-28T15:00:00.000Z");

/** The town's wording overrides: stored in the database, validated before they are saved. */
export class TemplateOverridesService {
  constructor(
    private readonly pool: pg.Pool,
    private readonly town: TownSettings,
  ) {}

  /** Loads the stored overrides into the composer's town (boot, and periodically on every instance). */
  async load(): Promise<WordingOverrides> {
    return (await this.read()).overrides;
  }

  private async read(): Promise<{ overrides: WordingOverrides; issues: TemplateIssue[] }> {
    const rows = await this.pool.query<{ locale: Locale; key: string; template: string }>(
      "SELECT locale, key, template FROM notification.template_override ORDER BY locale, key",
    );
    const overrides: Record<string, Record<string, string>> = {};
    for (const row of rows.rows) {
      const locale = overrides[row.locale] ?? {};
      locale[row.key] = row.template;
      overrides[row.locale] = locale;
    }
    // A row that no longer validates (a key removed by an upgrade) is left out rather than
    // blocking every message; GET /api/templates lists it under `issues`.
    const issues = validateTemplateOverrides(overrides);
    for (const issue of issues) delete overrides[issue.locale]?.[issue.key];
    this.town.setTemplates(overrides);
    return { overrides, issues };
  }

  async list() {
    const { overrides, issues } = await this.read();
    return {
      issues,
      templates: Object.entries(templatePlaceholders).map(([key, placeholders]) => ({
        key,
        placeholders,
        defaults: {
          fr: frenchWording[key as keyof typeof frenchWording],
          en: englishWording[key as keyof typeof englishWording],
        },
        overrides: { fr: overrides.fr?.[key] ?? null, en: overrides.en?.[key] ?? null },
      })),
    };
  }

  /** Replaces every override; refused as a whole (400, each key named) when one is invalid. */
  async replace(overrides: WordingOverrides, updatedBy: string | null): Promise<WordingOverrides> {
    const issues = validateTemplateOverrides(overrides);
    if (issues.length > 0) {
      throw new AppError(
        "validation",
        `invalid templates: ${issues.map((i) => i.message).join("; ")}`,
        issues.map((issue) => ({ field: `${issue.locale}.${issue.key}`, message: issue.message })),
      );
    }
    await withPgTransaction(this.pool, async (tx) => {
      await tx.$executeRawUnsafe("DELETE FROM notification.template_override");
      for (const [locale, entries] of Object.entries(overrides)) {
        for (const [key, template] of Object.entries(entries ?? {})) {
          await tx.$executeRawUnsafe(
            "INSERT INTO notification.template_override (locale, key, template, updated_by) VALUES ($1, $2, $3, $4)",
            locale,
            key,
            template,
            updatedBy,
          );
        }
      }
    });
    return this.load();
  }

  /** One message rendered with sample data and the town's current wording. */
  async preview(kind: PreviewKind, channel: "email" | "sms" | "letter", locale: Locale): Promise<Preview> {
    const town: TownIdentity = { ...this.town.current(), locale };
    const received = sampleReceived();
    if (kind === "registration" || kind.startsWith("acknowledgement.")) {
      const content =
        kind === "registration"
          ? composeRegistrationReceipt(received, town, { now: PREVIEW_NOW })
          : composeAcknowledgement(received, sampleRouted(kind.split(".")[1] as "sva"), town, { now: PREVIEW_NOW });
      if (channel === "email") {
        const email =
          content.kind === "registration" ? renderRegistrationEmail(content) : renderAcknowledgementEmail(content);
        return { channel, ...email };
      }
      if (channel === "sms") {
        const sms =
          content.kind === "registration" ? renderRegistrationSms(content) : renderAcknowledgementSms(content);
        return { channel, ...sms };
      }
      return { channel, pdf: await renderLetterPdf(content, town, { variant: "postal" }) };
    }
    const input = sampleStatusInputs(town, received.reference).find((i) => `status.${i.kind}` === kind);
    if (!input) throw new AppError("not-found", `unknown preview kind ${kind}`);
    const localized = { ...input, locale };
    if (channel === "email") return { channel, ...renderStatusMessage(localized) };
    if (channel === "sms") return { channel, ...renderStatusSms(localized, "02 41 00 01 03") };
    return {
      channel,
      pdf: await renderDocumentLetterPdf(buildStatusDocument(localized), town, {
        reference: received.reference,
        issuedOn: "2026-11-28",
        citizen: { name: received.citizen.name, postalAddress: received.citizen.postalAddress },
        service: null,
      }),
    };
  }
}
