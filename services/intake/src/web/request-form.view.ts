import { errorSummary, html, type SafeHtml } from "@guichet/web";
import type { Catalogue } from "./catalogue.client.ts";
import {
  type FormState,
  fileField,
  inputField,
  radioField,
  selectField,
  summaryProblems,
  textareaField,
} from "./form-fields.ts";
import { parisDateTime } from "./page-edge.ts";

/** Name of the honeypot field: invisible to people (hidden), filled by naive bots. */
export const HONEYPOT_FIELD = "site_web";

export const REPLY_CHOICES = [
  { value: "email", label: "Par e-mail" },
  { value: "sms", label: "Par SMS" },
  { value: "letter", label: "Par courrier postal" },
];

/** The citizen form (`/demande`): works without JavaScript, one POST, errors summarised at the top. */
export function requestFormMain(
  catalogue: Catalogue,
  state: FormState,
  hidden: { idempotencyKey: string; csrf: SafeHtml },
): SafeHtml {
  const subjects = [
    { value: "", label: "Je ne sais pas / autre (la mairie orientera votre demande)" },
    ...catalogue.subjects.map((s) => ({ value: s.id, label: s.label, group: s.group })),
  ];
  const sites = [
    { value: "", label: "Aucune préférence" },
    ...catalogue.sites.map((s) => ({ value: s.id, label: s.label })),
  ];
  return html`<h1>Faire une demande à la mairie</h1>
${errorSummary(summaryProblems(state.problems))}
<p>Tous les champs marqués « obligatoire » doivent être remplis. Vous recevrez un numéro de demande et un lien pour la suivre.</p>
<form id="champ-formulaire" method="post" action="/demande" enctype="multipart/form-data" novalidate>
${hidden.csrf}
<input type="hidden" name="idempotencyKey" value="${hidden.idempotencyKey}">
<fieldset><legend>Votre demande</legend>
${selectField(state, { name: "subjectId", label: "Sujet de la demande", choices: subjects })}
${textareaField(state, { name: "body", label: "Description de votre demande", required: true, hint: "Indiquez le lieu, les dates et tout ce qui aidera le service à vous répondre.", rows: 8 })}
${selectField(state, { name: "siteId", label: "Mairie ou accueil le plus proche de chez vous (facultatif)", choices: sites })}
${fileField(state, { name: "attachments", label: "Pièces jointes (facultatif)", multiple: true, hint: "Jusqu’à 10 fichiers : PDF, images (JPEG, PNG…), documents bureautiques ou texte ; 15 Mo par fichier, 25 Mo au total." })}
</fieldset>
<fieldset><legend>Vos coordonnées</legend>
${inputField(state, { name: "citizen.name", label: "Nom et prénom", required: true, autocomplete: "name" })}
${inputField(state, { name: "citizen.email", label: "Adresse e-mail", type: "email", autocomplete: "email", hint: "Format attendu : nom@domaine.fr" })}
${inputField(state, { name: "citizen.phone", label: "Téléphone", type: "tel", autocomplete: "tel", hint: "Exemple : 02 41 00 00 00" })}
${textareaField(state, { name: "citizen.postalAddress", label: "Adresse postale", autocomplete: "street-address", rows: 3 })}
${radioField(state, { name: "citizen.preferredChannel", legend: "Comment souhaitez-vous recevoir la réponse ?", choices: REPLY_CHOICES, fallback: "email" })}
</fieldset>
<div class="honeypot" hidden aria-hidden="true"><label for="champ-${HONEYPOT_FIELD}">Ne pas remplir ce champ</label><input type="text" id="champ-${HONEYPOT_FIELD}" name="${HONEYPOT_FIELD}" value="" tabindex="-1" autocomplete="off"></div>
<button type="submit" class="button">Envoyer ma demande</button>
</form>`;
}

export function confirmationMain(
  confirmation: { reference: string; receivedAt: Date; trackingUrl: string },
  catalogue: Catalogue,
): SafeHtml {
  const townHall = catalogue.sites[0];
  return html`<h1>Votre demande est enregistrée</h1>
<p>Numéro de votre demande : <strong>${confirmation.reference}</strong></p>
<p>Reçue le ${parisDateTime(confirmation.receivedAt)} (heure de Paris). Cette date est la date légale de réception de votre demande.</p>
<h2>Et maintenant ?</h2>
<ol>
<li>Vous recevez un accusé d’enregistrement, puis un accusé de réception indiquant le service qui traite votre demande et le délai de réponse.</li>
<li>Le service compétent étudie votre demande et vous répond par le moyen que vous avez choisi.</li>
</ol>
<h2>Suivre votre demande</h2>
<p>Gardez ce lien personnel, il permet de suivre votre demande sans compte : <a href="${confirmation.trackingUrl}">${confirmation.trackingUrl}</a></p>
<p>Ne le partagez pas : toute personne qui le connaît peut voir l’état de votre demande.</p>
<h2>Nous contacter</h2>
${
  townHall
    ? html`<p>${townHall.label}${townHall.address ? html`, ${townHall.address}` : ""}${
        townHall.phone ? html`, téléphone ${townHall.phone}` : ""
      }.</p>`
    : ""
}
<p>Rappelez le numéro ${confirmation.reference} dans vos échanges. <a href="/qui-fait-quoi">Horaires et contacts des services</a></p>`;
}
