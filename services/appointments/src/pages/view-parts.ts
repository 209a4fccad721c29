import type { Calendar } from "@guichet/calendar";
import { type Choice, type FormState, fieldId, html, inputField, radioField, type SafeHtml } from "@guichet/web";
import type { Offer } from "../directory/offer-directory.ts";
import type { Slot } from "../slots/slot-search.ts";
import { localDateOf } from "../slots/slot-search.ts";
import { parisDay, parisTime, weekdayName } from "./paris-format.ts";

/** "mardi : 17:00–18:30 ; samedi : 09:30–11:30" from a calendar's weekly ranges. */
export function weeklyHours(calendar: Calendar): string {
  return Object.entries(calendar.definition.weekly)
    .filter(([, ranges]) => ranges && ranges.length > 0)
    .map(
      ([weekday, ranges]) => `${weekdayName(weekday)} : ${(ranges ?? []).map((r) => r.replace("-", "–")).join(", ")}`,
    )
    .join(" ; ");
}

export const CHANNEL_CHOICES: readonly Choice[] = [
  { value: "email", label: "Par e-mail" },
  { value: "sms", label: "Par SMS" },
  { value: "letter", label: "Par courrier postal" },
];

/** The slots as radio buttons, one fieldset per day; the first radio carries the field's id. */
export function slotChoices(state: FormState, slots: readonly Slot[], legend: string): SafeHtml {
  const problem = state.problems.find((p) => p.field === "start");
  const id = fieldId("start");
  const byDay = new Map<string, Slot[]>();
  for (const slot of slots) {
    const key = localDateOf(slot.start);
    byDay.set(key, [...(byDay.get(key) ?? []), slot]);
  }
  let first = true;
  const radio = (slot: Slot) => {
    const value = slot.start.toISOString();
    const radioId = first ? id : `${id}-${slot.start.getTime()}`;
    first = false;
    return html`<div class="choice"><input type="radio" id="${radioId}" name="start" value="${value}"${
      state.values.start === value ? html` checked` : ""
    }><label for="${radioId}">${parisTime(slot.start)}${slot.extended ? " (horaire élargi)" : ""}</label></div>`;
  };
  return html`<fieldset class="field"${problem ? html` aria-describedby="${id}-erreur"` : ""}><legend>${legend}</legend>${
    problem ? html`<p class="field-error" id="${id}-erreur">Erreur : ${problem.message}</p>` : ""
  }${[...byDay].map(
    ([, daySlots]) =>
      html`<fieldset class="field"><legend>${parisDay(daySlots[0]?.start ?? new Date())}</legend>${daySlots.map(radio)}</fieldset>`,
  )}</fieldset>`;
}

/** The contact fields of a booking (citizen's own form and agent's form). */
export function contactFields(state: FormState, forAgent: boolean): SafeHtml {
  const who = forAgent ? "de la personne" : "";
  return html`<fieldset><legend>${forAgent ? "La personne" : "Vos coordonnées"}</legend>
${inputField(state, { name: "name", label: `Nom et prénom ${who}`.trim(), required: true, autocomplete: forAgent ? undefined : "name" })}
${inputField(state, { name: "email", label: "Adresse e-mail", type: "email", autocomplete: forAgent ? undefined : "email", hint: "Format attendu : nom@domaine.fr" })}
${inputField(state, { name: "phone", label: "Téléphone", type: "tel", autocomplete: forAgent ? undefined : "tel", hint: "Exemple : 06 12 34 56 78" })}
${inputField(state, { name: "postalAddress", label: "Adresse postale (si ni e-mail ni téléphone)", autocomplete: forAgent ? undefined : "street-address" })}
${radioField(state, { name: "preferredChannel", legend: "Confirmation et rappel", choices: CHANNEL_CHOICES, fallback: state.values.preferredChannel ?? "email" })}
${inputField(state, { name: "requestReference", label: "Numéro de demande lié (facultatif)", hint: "Exemple : LA-2026-000123" })}
</fieldset>`;
}

/** "Carte d'identité… — Hôtel de ville" */
export function offerTitle(offer: Offer): string {
  return `${offer.name} — ${offer.site.name}`;
}

/** Previous / next week links of a slot page. */
export function weekNavigation(
  path: string,
  query: Record<string, string>,
  previous: string | null,
  next: string,
): SafeHtml {
  const link = (from: string) => `${path}?${new URLSearchParams({ ...query, du: from })}`;
  return html`<nav aria-label="Semaines" class="pagination"><ul>${
    previous ? html`<li><a href="${link(previous)}">Semaine précédente</a></li>` : ""
  }<li><a href="${link(next)}">Semaine suivante</a></li></ul></nav>`;
}
