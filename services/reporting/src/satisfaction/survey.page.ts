import { csrfField, errorSummary, fieldId, html, type RequestLike, type SafeHtml } from "@guichet/web";

export const SCORE_LABELS = [
  "Pas du tout satisfait",
  "Peu satisfait",
  "Moyennement satisfait",
  "Satisfait",
  "Très satisfait",
];

export interface AnswerFormValues {
  score?: string;
  comment?: string;
}

/** The 1–5 question and the optional comment, shared by the citizen's page and the agent's form. */
export function answerQuestions(
  values: AnswerFormValues,
  problems: { field: string }[],
  who: "citizen" | "agent" | "volunteer",
): SafeHtml {
  const invalid = problems.some((p) => p.field === "score");
  const legend =
    who === "citizen"
      ? "Êtes-vous satisfait de la façon dont votre demande a été traitée ? (obligatoire)"
      : who === "volunteer"
        ? "Êtes-vous satisfait de ce nouveau fonctionnement ? (obligatoire)"
        : "Note donnée par l’usager (obligatoire)";
  return html`<fieldset id="${fieldId("score")}"${invalid ? html` aria-describedby="${fieldId("score")}-erreur"` : ""}><legend>${legend}</legend>
${invalid ? html`<p class="field-error" id="${fieldId("score")}-erreur">Choisissez une note de 1 à 5.</p>` : ""}
${SCORE_LABELS.map((label, i) => {
  const value = String(i + 1);
  const id = fieldId(`score-${value}`);
  return html`<div class="choice"><input type="radio" id="${id}" name="score" value="${value}"${values.score === value ? html` checked` : ""}><label for="${id}">${value} — ${label}</label></div>`;
})}
</fieldset>
<div class="field"><label for="${fieldId("comment")}">Commentaire (facultatif)</label>
<p class="hint" id="${fieldId("comment")}-aide">N’y indiquez pas d’informations personnelles (nom, adresse, téléphone). 2 000 caractères au plus.</p>
<textarea id="${fieldId("comment")}" name="comment" rows="4" maxlength="2000" aria-describedby="${fieldId("comment")}-aide">${values.comment ?? ""}</textarea></div>`;
}

export function surveyFormMain(
  request: RequestLike,
  token: string,
  reference: string | null,
  values: AnswerFormValues,
  problems: { field: string; message: string }[],
): SafeHtml {
  return html`<h1>Votre avis sur le traitement de votre demande</h1>
${errorSummary(problems)}
<p>${reference ? html`Votre demande ${reference} est close. ` : ""}La mairie aimerait savoir si vous êtes satisfait de la façon dont elle a été traitée. Répondre est facultatif et ne prend qu’une minute.</p>
<p>Votre réponse est anonyme dans les résultats : ils ne montrent que des nombres et des moyennes. Vous ne pouvez répondre qu’une fois.</p>
<form method="post" action="/satisfaction/${token}" novalidate>
${csrfField(request)}
${answerQuestions(values, problems, "citizen")}
<p><button type="submit">Envoyer mon avis</button></p>
</form>`;
}

export function surveyThanksMain(already: boolean): SafeHtml {
  return html`<h1>${already ? "Vous avez déjà répondu" : "Merci pour votre avis"}</h1>
<p>${already ? "Une seule réponse est prise en compte par demande : la vôtre est déjà enregistrée." : "Votre réponse est enregistrée. Elle aidera la mairie à améliorer l’accueil et le traitement des demandes."}</p>
<p><a href="/">Retour à l’accueil du site</a></p>`;
}

export interface AgentFormValues extends AnswerFormValues {
  reference?: string;
  channel?: string;
}

/** The agent's form: the answer an usager gave at the counter or at the end of a call. */
export function agentFormMain(
  request: RequestLike,
  values: AgentFormValues,
  problems: { field: string; message: string }[],
): SafeHtml {
  const channel = values.channel === "phone" ? "phone" : "counter";
  const invalidRef = problems.some((p) => p.field === "reference");
  return html`<h1>Enregistrer l’avis d’un usager</h1>
${errorSummary(problems)}
<p>À la fin d’un échange à l’accueil ou au téléphone sur une demande close, proposez à l’usager de donner une note de 1 à 5. Sa réponse est facultative ; une seule réponse est comptée par demande.</p>
<form method="post" action="/satisfaction/accueil" novalidate>
${csrfField(request)}
<div class="field"><label for="${fieldId("reference")}">Numéro de la demande</label>
<p class="hint" id="${fieldId("reference")}-aide">Exemple : LA-2026-000123</p>
<input type="text" id="${fieldId("reference")}" name="reference" value="${values.reference ?? ""}" aria-describedby="${fieldId("reference")}-aide"${invalidRef ? html` aria-invalid="true"` : ""}></div>
<fieldset><legend>Où l’usager a-t-il répondu ?</legend>
<div class="choice"><input type="radio" id="${fieldId("channel-counter")}" name="channel" value="counter"${channel === "counter" ? html` checked` : ""}><label for="${fieldId("channel-counter")}">À l’accueil</label></div>
<div class="choice"><input type="radio" id="${fieldId("channel-phone")}" name="channel" value="phone"${channel === "phone" ? html` checked` : ""}><label for="${fieldId("channel-phone")}">Au téléphone</label></div>
</fieldset>
${answerQuestions(values, problems, "agent")}
<p><button type="submit">Enregistrer l’avis</button></p>
</form>`;
}
