import type { AcknowledgementContent, RegistrationContent } from "./acknowledgement-content.ts";
import { formatTime, type PlainDate } from "./paris-date.util.ts";
import type { StatusMessageInput } from "./status-document.builder.ts";
import type { Locale } from "./town-identity.types.ts";
import { resolveWording } from "./wording.resolver.ts";

/** An SMS as it is handed to the provider. */
export interface SmsText {
  text: string;
  /** GSM-7 when every character is in the GSM 03.38 alphabet (after substitutions), else UCS-2. */
  encoding: "GSM-7" | "UCS-2";
  /** Billed segments: 160 septets for one, 153 each when concatenated (70/67 in UCS-2). */
  segments: number;
}

// GSM 03.38 default alphabet and its extension table (extension characters cost two septets).
const GSM_BASIC = new Set(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà",
);
const GSM_EXTENSION = new Set("^{}\\[~]|€");

/** French characters outside GSM-7, replaced by what a French reader expects rather than "?". */
const SUBSTITUTES: Readonly<Record<string, string>> = {
  "\u202F": " ",
  "\u00A0": " ",
  "’": "'",
  "‘": "'",
  "«": '"',
  "»": '"',
  "“": '"',
  "”": '"',
  "–": "-",
  "—": "-",
  "…": "...",
  ç: "c",
  œ: "oe",
  Œ: "OE",
};

/**
 * Makes a text GSM-7 safe: a French SMS in GSM-7 holds 160 characters, in UCS-2 only 70, so one
 * "ê" would more than double the cost. Accents outside the alphabet lose their accent (ê → e).
 */
export function toGsm7(text: string): string {
  let out = "";
  for (const char of text) {
    if (GSM_BASIC.has(char) || GSM_EXTENSION.has(char)) out += char;
    else if (SUBSTITUTES[char] !== undefined) out += SUBSTITUTES[char];
    else {
      const base = char.normalize("NFKD").replace(/[\u0300-\u036f]/g, "");
      out += [...base].every((c) => GSM_BASIC.has(c)) && base !== "" ? base : "?";
    }
  }
  return out.replace(/ {2,}/g, " ").trim();
}

export function smsOf(text: string): SmsText {
  const gsm = [...text].every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  if (gsm) {
    const septets = [...text].reduce((n, c) => n + (GSM_EXTENSION.has(c) ? 2 : 1), 0);
    return { text, encoding: "GSM-7", segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  }
  const units = text.length;
  return { text, encoding: "UCS-2", segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

/** 28/11/2026 (fr) or 28/11/2026 (en-GB): short, unambiguous in France. */
function shortDate(day: PlainDate): string {
  const [year, month, date] = day.split("-");
  return `${date}/${month}/${year}`;
}

function gsm(
  locale: Locale,
  templates: Parameters<typeof resolveWording>[1],
  key: Parameters<ReturnType<typeof resolveWording>["text"]>[0],
  values: Record<string, string | null | undefined>,
): SmsText {
  return smsOf(toGsm7(resolveWording(locale, templates).text(key, values)));
}

export function renderRegistrationSms(content: RegistrationContent): SmsText {
  return gsm(content.locale, content.town.templates, "sms.registration", {
    townName: content.town.name,
    reference: content.reference,
    receivedOn: shortDate(content.receivedOn),
    receivedTime: formatTime(new Date(content.receivedAt), content.locale),
    trackingUrl: content.trackingUrl,
  });
}

/**
 * A notice only: an SMS cannot carry every R112-5 fact, so it is used for the acknowledgement only
 * when the citizen has neither e-mail nor postal address (docs/acknowledgements.md).
 */
export function renderAcknowledgementSms(content: AcknowledgementContent): SmsText {
  const { decision } = content;
  const decisionOn = decision.regime === "sva" || decision.regime === "svr" ? shortDate(decision.decisionOn) : null;
  const implicit =
    decision.regime === "sva"
      ? content.locale === "fr"
        ? "d'acceptation"
        : "acceptance"
      : content.locale === "fr"
        ? "de rejet"
        : "rejection";
  return gsm(content.locale, content.town.templates, "sms.acknowledgement", {
    townName: content.town.name,
    reference: content.reference,
    serviceName: content.service.name,
    servicePhone: content.service.phone,
    decisionOn,
    implicit,
  });
}

const STATUS_KEYS = {
  reply: "sms.reply",
  "waiting-for-citizen": "sms.waiting",
  closed: "sms.closed",
  rerouted: "sms.rerouted",
} as const;

export function renderStatusSms(input: StatusMessageInput, servicePhone: string | null): SmsText {
  const locale = input.locale ?? input.town.locale ?? "fr";
  const serviceName = input.kind === "rerouted" ? input.service.name : input.serviceName;
  return gsm(locale, input.town.templates, STATUS_KEYS[input.kind], {
    townName: input.town.name,
    reference: input.reference,
    serviceName,
    servicePhone: input.kind === "rerouted" ? (input.service.phone ?? servicePhone) : servicePhone,
  });
}
