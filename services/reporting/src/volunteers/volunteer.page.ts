import { csrfField, errorSummary, fieldId, html, type RequestLike, type SafeHtml } from "@guichet/web";
import { type AnswerFormValues, answerQuestions } from "../satisfaction/survey.page.ts";

/** What the volunteer consents to, stored word for word with the consent. */
export const CONSENT_TEXT =
  "J’accepte que la mairie conserve mon adresse électronique pour m’inviter à donner mon avis sur ses expérimentations " +
  "d’organisation de l’accueil. Je peux retirer ce consentement à tout moment : mon adresse est alors effacée.";

export function volunteerFormMain(
  request: RequestLike,
  values: { email?: string },
  problems: { field: string; message: string }[],
): SafeHtml {
  const invalid = (field: string) => problems.some((p) => p.field === field);
  return html`<h1>Devenir usager volontaire</h1>
${errorSummary(problems)}
<p>La mairie essaie de nouvelles façons d’organiser l’accueil (horaires, accueil central ou dans les mairies déléguées, numéro de téléphone unique). Les usagers volontaires sont invités par courriel à donner leur avis sur ces essais. Participer est libre et gratuit ; vous pouvez arrêter à tout moment.</p>
<form method="post" action="/volontaires" novalidate>
${csrfField(request)}
<div class="field"><label for="${fieldId("email")}">Adresse électronique</label>
<p class="hint" id="${fieldId("email")}-aide">Exemple : nom@exemple.fr. Elle ne sert qu’à ces invitations.</p>
<input type="email" id="${fieldId("email")}" name="email" autocomplete="email" value="${values.email ?? ""}" aria-describedby="${fieldId("email")}-aide"${invalid("email") ? html` aria-invalid="true"` : ""}></div>
<div class="choice"><input type="checkbox" id="${fieldId("consent")}" name="consent" value="oui"${invalid("consent") ? html` aria-invalid="true"` : ""}><label for="${fieldId("consent")}">${CONSENT_TEXT}</label></div>
<p><button type="submit">M’inscrire</button></p>
</form>`;
}

export function volunteerRegisteredMain(withdrawLink: string | null): SafeHtml {
  return withdrawLink
    ? html`<h1>Merci, vous êtes inscrit</h1>
<p>Vous recevrez une invitation par courriel lorsqu’une expérimentation pourra bénéficier de votre avis.</p>
<p>Gardez ce lien personnel : il vous permet de retirer votre consentement à tout moment.</p>
<p><a href="${withdrawLink}">${withdrawLink}</a></p>`
    : html`<h1>Cette adresse est déjà inscrite</h1>
<p>Votre inscription précédente reste valable, ainsi que le lien de retrait qui vous a été donné. Pour tout retrait sans ce lien, adressez-vous à l’accueil de la mairie.</p>`;
}

export function withdrawMain(request: RequestLike, token: string, active: boolean): SafeHtml {
  return active
    ? html`<h1>Retirer mon consentement</h1>
<p>En confirmant, vous ne recevrez plus d’invitation et votre adresse électronique est effacée immédiatement.</p>
<form method="post" action="/volontaires/retrait/${token}">${csrfField(request)}
<p><button type="submit">Retirer mon consentement</button></p></form>`
    : withdrawnMain();
}

export function withdrawnMain(): SafeHtml {
  return html`<h1>Consentement retiré</h1>
<p>Vous ne recevrez plus d’invitation et votre adresse électronique a été effacée.</p>`;
}

export function feedbackFormMain(
  request: RequestLike,
  token: string,
  experiment: { name: string; change: string },
  values: AnswerFormValues,
  problems: { field: string; message: string }[],
): SafeHtml {
  return html`<h1>Votre avis sur l’expérimentation : ${experiment.name}</h1>
${errorSummary(problems)}
<p>Ce qui a changé : ${experiment.change}</p>
<form method="post" action="/volontaires/avis/${token}" novalidate>
${csrfField(request)}
${answerQuestions(values, problems, "volunteer")}
<p><button type="submit">Envoyer mon avis</button></p>
</form>`;
}
