import type { Role } from "@guichet/web";
import { html, type SafeHtml } from "@guichet/web";
import type { FormState } from "../web/form-fields.ts";
import { inputField, radioField, textareaField } from "../web/form-fields.ts";

/** Counter, phone and postal entry is for reception agents and service agents. */
export const ENTRY_ROLES: readonly Role[] = ["reception", "agent"];

export const STAFF_REPLY_CHOICES = [
  { value: "email", label: "Par e-mail" },
  { value: "sms", label: "Par SMS" },
  { value: "letter", label: "Par courrier postal" },
  { value: "none", label: "Aucune réponse écrite attendue" },
];

/** Name, e-mail, phone, address and reply channel of the person (visitor, caller, sender). */
export function contactFieldset(
  state: FormState,
  options: { legend: string; fallbackChannel: string; addressRequired?: boolean },
): SafeHtml {
  return html`<fieldset><legend>${options.legend}</legend>
${inputField(state, { name: "citizen.name", label: "Nom et prénom", required: true, autocomplete: "off" })}
${inputField(state, { name: "citizen.email", label: "Adresse e-mail", type: "email", autocomplete: "off" })}
${inputField(state, { name: "citizen.phone", label: "Téléphone", type: "tel", autocomplete: "off", hint: "Exemple : 06 12 34 56 78" })}
${textareaField(state, { name: "citizen.postalAddress", label: "Adresse postale", rows: 3, required: options.addressRequired ?? false })}
${radioField(state, { name: "citizen.preferredChannel", legend: "Réponse souhaitée", choices: STAFF_REPLY_CHOICES, fallback: options.fallbackChannel })}
</fieldset>`;
}
