import { html, type SafeHtml } from "./html.ts";
import { fieldId } from "./layout.ts";

// Form controls of the common layout: a <label for> per control, the hint and the error linked by
// aria-describedby, aria-invalid on a faulty field (RGAA 11). Used by every service's forms.

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
