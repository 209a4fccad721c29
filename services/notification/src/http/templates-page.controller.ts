import { AppError, INFRASTRUCTURE, type ServiceInfrastructure } from "@guichet/runtime";
import {
  answerPage,
  csrfField,
  errorSummary,
  fieldId,
  html,
  type PageRequest,
  type PageResponse,
  type PageResult,
  type SafeHtml,
  verifyCsrf,
} from "@guichet/web";
import { Controller, Get, Inject, Post, Req, Res } from "@nestjs/common";
import { templatePlaceholders } from "../messages/wording.catalog.ts";
import { frenchWording } from "../messages/wording.fr.ts";
import { validateTemplateOverrides, type WordingOverrides } from "../messages/wording.resolver.ts";
import { PREVIEW_KINDS, type PreviewKind, TemplateOverridesService } from "../templates/template-overrides.service.ts";
import { TownSettings } from "../templates/town-settings.ts";
import { requireTemplateAdmin } from "./staff-access.ts";

const PATH = "/admin/modeles";

/** Wording keys grouped by their prefix (the kind of message they belong to). */
const GROUPS: readonly { prefix: string; label: string }[] = [
  { prefix: "common", label: "Éléments communs à tous les messages" },
  { prefix: "reg", label: "Accusé d’enregistrement" },
  { prefix: "ack", label: "Accusé de réception" },
  { prefix: "status", label: "Suivi de la demande" },
  { prefix: "sms", label: "SMS" },
  { prefix: "letter", label: "Courriers papier" },
];

const KIND_LABELS: Record<PreviewKind, string> = {
  registration: "Accusé d’enregistrement",
  "acknowledgement.sva": "Accusé de réception (silence vaut acceptation)",
  "acknowledgement.svr": "Accusé de réception (silence vaut rejet)",
  "acknowledgement.information": "Accusé de réception (demande d’information)",
  "acknowledgement.document": "Accusé de réception (demande de document)",
  "acknowledgement.external": "Accusé de réception (transmise à un partenaire)",
  "status.reply": "Réponse du service",
  "status.waiting-for-citizen": "En attente de l’usager",
  "status.closed": "Demande close",
  "status.rerouted": "Demande réorientée",
};

const CHANNEL_LABELS = { email: "courriel", sms: "SMS" } as const;
type PreviewChannel = keyof typeof CHANNEL_LABELS;

const KEYS = Object.keys(templatePlaceholders) as (keyof typeof templatePlaceholders)[];

/** Browsers send textarea line breaks as CRLF; the wording uses LF. */
function normalize(text: string): string {
  return text.replace(/\r\n?/g, "\n");
}

function frenchIssue(issue: ReturnType<typeof validateTemplateOverrides>[number]): string {
  if (issue.problem === "unknown-placeholder") {
    const allowed: readonly string[] = templatePlaceholders[issue.key as keyof typeof templatePlaceholders] ?? [];
    return `${issue.key} : l’emplacement {{${issue.placeholder}}} n’existe pas pour ce texte (autorisés : ${
      allowed.length ? allowed.map((name) => `{{${name}}}`).join(", ") : "aucun"
    })`;
  }
  if (issue.problem === "unknown-key") return `${issue.key} : texte inconnu`;
  return `${issue.key} : syntaxe invalide (${issue.message})`;
}

/** The admin page of the town's message wording (French), with plain-text previews. Admins only. */
@Controller("admin/modeles")
export class TemplatesPageController {
  constructor(
    @Inject(TemplateOverridesService) private readonly templates: TemplateOverridesService,
    @Inject(TownSettings) private readonly town: TownSettings,
    @Inject(INFRASTRUCTURE) private readonly infrastructure: ServiceInfrastructure,
  ) {}

  @Get()
  async page(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await this.answer(request, response, async () => {
      requireTemplateAdmin(request, this.infrastructure);
      const { overrides } = await this.templates.list().then((list) => ({
        overrides: Object.fromEntries(list.templates.map((t) => [t.key, t.overrides.fr])),
      }));
      const values: Record<string, string> = {};
      for (const key of KEYS) values[key] = overrides[key] ?? frenchWording[key];
      return {
        title: "Modèles de messages",
        main: this.editor(request, values, []),
        ...(request.query.enregistre === "1" ? { notice: "Les modèles de messages ont été enregistrés." } : {}),
      };
    });
  }

  @Post()
  async submit(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await this.answer(request, response, async () => {
      const staff = requireTemplateAdmin(request, this.infrastructure);
      const form =
        typeof request.body === "object" && request.body !== null ? (request.body as Record<string, unknown>) : {};
      verifyCsrf(request, form);
      const values: Record<string, string> = {};
      const french: Record<string, string> = {};
      for (const key of KEYS) {
        const given = form[`fr.${key}`];
        const text = typeof given === "string" ? normalize(given) : frenchWording[key];
        values[key] = text.trim() === "" ? frenchWording[key] : text;
        if (text.trim() !== "" && text !== frenchWording[key]) french[key] = text;
      }
      const issues = validateTemplateOverrides({ fr: french });
      if (issues.length > 0) {
        const problems = issues.map((issue) => ({ field: `fr.${issue.key}`, message: frenchIssue(issue) }));
        return { status: 400, title: "Erreurs — Modèles de messages", main: this.editor(request, values, problems) };
      }
      // This page edits the French wording only: the English overrides are kept as they are.
      const current = await this.templates.list();
      const english: Record<string, string> = {};
      for (const t of current.templates) if (t.overrides.en !== null) english[t.key] = t.overrides.en;
      const next: WordingOverrides = {
        ...(Object.keys(french).length ? { fr: french } : {}),
        ...(Object.keys(english).length ? { en: english } : {}),
      };
      try {
        await this.templates.replace(next, staff.id);
      } catch (error) {
        if (!(error instanceof AppError) || error.code !== "validation") throw error;
        const problems = error.problems.map((p) => ({ field: p.field, message: `${p.field} : ${p.message}` }));
        return { status: 400, title: "Erreurs — Modèles de messages", main: this.editor(request, values, problems) };
      }
      return { redirect: `${PATH}?enregistre=1` };
    });
  }

  @Get("apercu")
  async preview(@Req() request: PageRequest, @Res() response: PageResponse): Promise<void> {
    await this.answer(request, response, async () => {
      requireTemplateAdmin(request, this.infrastructure);
      const kind = PREVIEW_KINDS.find((k) => k === request.query.kind);
      const channel = request.query.channel === "sms" ? "sms" : request.query.channel === "email" ? "email" : null;
      const lang = request.query.lang === "en" ? "en" : "fr";
      if (!kind || !channel) throw new AppError("not-found", "Cet aperçu n’existe pas.");
      const preview = await this.templates.preview(kind, channel, lang);
      const title = `Aperçu : ${KIND_LABELS[kind]} (${CHANNEL_LABELS[channel]})`;
      const body =
        preview.channel === "email"
          ? html`<h2>Objet</h2><p>${preview.subject}</p><h2>Texte</h2><pre lang="${lang}">${preview.text}</pre>`
          : preview.channel === "sms"
            ? html`<p>${preview.segments} SMS (${preview.encoding})</p><pre lang="${lang}">${preview.text}</pre>`
            : html``;
      return {
        title,
        main: html`<h1>${title}</h1>
<p>Message rendu avec des données d’exemple et les textes actuellement enregistrés.</p>
${body}
<p><a href="${PATH}">Retour aux modèles de messages</a></p>`,
      };
    });
  }

  private editor(
    request: PageRequest,
    values: Record<string, string>,
    problems: readonly { field: string; message: string }[],
  ): SafeHtml {
    const invalid = new Set(problems.map((p) => p.field));
    const groups = GROUPS.map((group) => {
      const keys = KEYS.filter((key) => key.startsWith(`${group.prefix}.`));
      if (keys.length === 0) return html``;
      return html`<fieldset>
<legend>${group.label}</legend>
${keys.map((key) => {
  const field = `fr.${key}`;
  const id = fieldId(field);
  const hint = `aide-${field.replace(/[^a-zA-Z0-9]+/g, "-")}`;
  const placeholders: readonly string[] = templatePlaceholders[key];
  return html`<div class="field">
<label for="${id}">${key}</label>
<p class="hint" id="${hint}">Texte par défaut : ${frenchWording[key]}${
    placeholders.length ? ` — emplacements possibles : ${placeholders.map((p) => `{{${p}}}`).join(", ")}` : ""
  }</p>
<textarea id="${id}" name="${field}" rows="3" cols="80" aria-describedby="${hint}"${
    invalid.has(field) ? html` aria-invalid="true"` : ""
  }>
${values[key] ?? ""}</textarea>
</div>`;
})}
</fieldset>`;
    });
    const previews = PREVIEW_KINDS.map(
      (kind) =>
        html`<li>${KIND_LABELS[kind]} : ${(["email", "sms"] as const).map(
          (channel, i) =>
            html`${i ? ", " : ""}<a href="${PATH}/apercu?kind=${kind}&amp;channel=${channel}&amp;lang=fr">aperçu ${CHANNEL_LABELS[channel as PreviewChannel]} de « ${KIND_LABELS[kind]} »</a>`,
        )}</li>`,
    );
    return html`<h1>Modèles de messages</h1>
<p>Textes des messages envoyés aux usagers (en français). Laisser un texte vide, ou identique au texte par défaut, revient au texte par défaut.</p>
${errorSummary(problems)}
<form method="post" action="${PATH}">
${csrfField(request)}
${groups}
<button type="submit">Enregistrer</button>
</form>
<h2>Aperçus</h2>
<ul>${previews}</ul>`;
  }

  /** Answers HTML: a refusal (401, 403, 404) is a page of the common layout, never the API's JSON. */
  private answer(
    request: PageRequest,
    response: PageResponse,
    work: () => Promise<PageResult | { redirect: string }>,
  ): Promise<void> {
    const secret = this.infrastructure.options.identitySecret;
    const titles = { validation: "Action impossible", "rate-limited": "Action impossible" } as const;
    return answerPage(request, response, { town: this.town.current().name, secret, titles }, async () => {
      const result = await work();
      return "redirect" in result ? result : { ...result, currentPath: PATH };
    });
  }
}
