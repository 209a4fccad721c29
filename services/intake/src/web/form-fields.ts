import { type FormState, fieldId, html, type SafeHtml } from "@guichet/web";

export {
  type Choice,
  type FormState,
  inputField,
  radioField,
  selectField,
  textareaField,
} from "@guichet/web";

export function fileField(
  state: FormState,
  options: { name: string; label: string; hint: string; multiple?: boolean; accept?: string; required?: boolean },
): SafeHtml {
  const id = fieldId(options.name);
  const problems = state.problems.filter((p) => p.field === options.name);
  return html`<div class="field"><label for="${id}">${options.label}${options.required ? " (obligatoire)" : ""}</label><p class="hint" id="${id}-aide">${
    options.hint
  }</p>${problems.map((p) => html`<p class="field-error" id="${id}-erreur">Erreur : ${p.message}</p>`)}<input type="file" id="${id}" name="${
    options.name
  }" aria-describedby="${id}-aide${problems.length ? ` ${id}-erreur` : ""}"${options.multiple ? html` multiple` : ""}${
    options.accept ? html` accept="${options.accept}"` : ""
  }${options.required ? html` aria-required="true"` : ""}${problems.length ? html` aria-invalid="true"` : ""}></div>`;
}

/** Labels of the fields, so that each line of the error summary names its field. */
export const FIELD_LABELS: Record<string, string> = {
  subjectId: "Sujet",
  siteId: "Lieu",
  body: "Description",
  attachments: "Pièces jointes",
  asked: "Demande",
  answeredOnTheSpot: "Réponse apportée",
  callId: "Identifiant de l’appel",
  stampDate: "Date du cachet",
  stampTime: "Heure du cachet",
  scan: "Courrier numérisé",
  title: "Objet",
  summary: "Résumé",
  file: "Fichier",
  format: "Format",
  mapping: "Correspondance des colonnes",
  "citizen.name": "Nom et prénom",
  "citizen.email": "Adresse e-mail",
  "citizen.phone": "Téléphone",
  "citizen.postalAddress": "Adresse postale",
  "citizen.preferredChannel": "Réponse souhaitée",
};

/** Problems for the error summary: « Adresse e-mail : adresse e-mail invalide ». */
export function summaryProblems(problems: FormState["problems"]): { field: string; message: string }[] {
  return problems.map((p) => {
    const label = FIELD_LABELS[p.field];
    return label ? { field: p.field, message: `${label} : ${p.message}` } : p;
  });
}
