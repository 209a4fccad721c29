import { fieldId, html, type SafeHtml } from "@guichet/web";

/** What a form view needs to render a field: the typed values and the problems by field. */
export interface FormState {
  values: Record<string, string>;
  problems: readonly { field: string; message: string }[];
}

export const emptyForm: FormState = { values: {}, problems: [] };

interface FieldOptions {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  type?: "text" | "email" | "tel" | "date" | "time" | "number";
}

function described(state: FormState, options: FieldOptions): { error: SafeHtml; attributes: SafeHtml } {
  const id = fieldId(options.name);
  const problem = state.problems.find((p) => p.field === options.name);
  const ids = [options.hint ? `${id}-aide` : null, problem ? `${id}-erreur` : null].filter(Boolean).join(" ");
  return {
    error: problem ? html`<p class="field-error" id="${id}-erreur">Erreur : ${problem.message}</p>` : html``,
    attributes: html`${ids ? html` aria-describedby="${ids}"` : ""}${problem ? html` aria-invalid="true"` : ""}${
      options.required ? html` aria-required="true"` : ""
    }${options.autocomplete ? html` autocomplete="${options.autocomplete}"` : ""}`,
  };
}

function labelOf(options: FieldOptions, id: string): SafeHtml {
  return html`<label for="${id}">${options.label}${options.required ? " (obligatoire)" : ""}</label>${
    options.hint ? html`<p class="hint" id="${id}-aide">${options.hint}</p>` : ""
  }`;
}

export function inputField(state: FormState, options: FieldOptions): SafeHtml {
  const id = fieldId(options.name);
  const { error, attributes } = described(state, options);
  return html`<div class="field">${labelOf(options, id)}${error}<input id="${id}" name="${options.name}" type="${
    options.type ?? "text"
  }" value="${state.values[options.name] ?? ""}"${attributes}></div>`;
}

export function textareaField(state: FormState, options: FieldOptions & { rows?: number }): SafeHtml {
  const id = fieldId(options.name);
  const { error, attributes } = described(state, options);
  return html`<div class="field">${labelOf(options, id)}${error}<textarea id="${id}" name="${options.name}" rows="${
    options.rows ?? 6
  }"${attributes}>${state.values[options.name] ?? ""}</textarea></div>`;
}

export interface Choice {
  value: string;
  label: string;
  group?: string | null;
}

export function selectField(state: FormState, options: FieldOptions & { choices: readonly Choice[] }): SafeHtml {
  const id = fieldId(options.name);
  const { error, attributes } = described(state, options);
  const selected = state.values[options.name] ?? "";
  const option = (c: Choice) =>
    html`<option value="${c.value}"${c.value === selected ? html` selected` : ""}>${c.label}</option>`;
  const groups = new Map<string, Choice[]>();
  const loose: Choice[] = [];
  for (const choice of options.choices) {
    if (!choice.group) loose.push(choice);
    else groups.set(choice.group, [...(groups.get(choice.group) ?? []), choice]);
  }
  return html`<div class="field">${labelOf(options, id)}${error}<select id="${id}" name="${options.name}"${attributes}>${loose.map(
    option,
  )}${[...groups].map(([group, choices]) => html`<optgroup label="${group}">${choices.map(option)}</optgroup>`)}</select></div>`;
}

/** Radio buttons in a fieldset; the error summary links to the first one. */
export function radioField(
  state: FormState,
  options: { name: string; legend: string; choices: readonly Choice[]; fallback: string },
): SafeHtml {
  const id = fieldId(options.name);
  const problem = state.problems.find((p) => p.field === options.name);
  const selected = state.values[options.name] || options.fallback;
  return html`<fieldset class="field"${problem ? html` aria-describedby="${id}-erreur"` : ""}><legend>${options.legend}</legend>${
    problem ? html`<p class="field-error" id="${id}-erreur">Erreur : ${problem.message}</p>` : ""
  }${options.choices.map(
    (c, index) =>
      html`<div class="choice"><input type="radio" id="${index === 0 ? id : `${id}-${c.value}`}" name="${options.name}" value="${
        c.value
      }"${c.value === selected ? html` checked` : ""}><label for="${index === 0 ? id : `${id}-${c.value}`}">${c.label}</label></div>`,
  )}</fieldset>`;
}

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
