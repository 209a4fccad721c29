import { formatDate, formatDateTime } from "./french-format.ts";

export interface TimelineEventRow {
  type: string;
  occurred_at: Date;
  summary: Record<string, unknown>;
}

const CHANNEL: Record<string, string> = {
  web: "le site internet",
  email: "courriel",
  phone: "téléphone",
  counter: "l’accueil",
  postal: "courrier",
  sms: "SMS",
  letter: "courrier",
};
const OUTCOME: Record<string, string> = {
  granted: "votre demande a été acceptée",
  refused: "votre demande a été refusée",
  answered: "une réponse vous a été apportée",
  "redirected-outside": "votre demande a été orientée vers un autre organisme",
  withdrawn: "vous avez retiré votre demande",
  duplicate: "elle faisait doublon avec une autre demande",
};

/** One line of the citizen's timeline, in plain French; null for internal events (alerts, staff work). */
export function describeForCitizen(event: TimelineEventRow): { when: string; text: string; detail?: string } | null {
  const s = event.summary;
  const when = formatDateTime(event.occurred_at);
  const channel = (key: string) => CHANNEL[String(s[key])] ?? String(s[key] ?? "");
  switch (event.type) {
    case "request.received":
      return { when, text: `Nous avons reçu votre demande (par ${channel("channel")}).` };
    case "request.sent-to-triage":
      return { when, text: "L’accueil de la mairie oriente votre demande vers le bon service." };
    case "request.routed":
      return { when, text: `Votre demande est confiée au service : ${String(s.serviceName ?? s.serviceId)}.` };
    case "request.transferred":
      return { when, text: `Votre demande a été transmise au service : ${String(s.serviceName ?? s.toServiceId)}.` };
    case "acknowledgement.sent":
      return {
        when,
        text:
          s.kind === "registration"
            ? `Un accusé d’enregistrement vous a été envoyé (${channel("channel")}).`
            : `Un accusé de réception vous a été envoyé (${channel("channel")}).`,
      };
    case "acknowledgement.failed":
      return { when, text: "L’envoi d’un accusé n’a pas abouti ; le service va vous recontacter autrement." };
    case "request.follow-up-received":
      return { when, text: `Nous avons reçu un complément de votre part (par ${channel("channel")}).` };
    case "request.replied":
      return { when, text: "Le service vous a répondu." };
    case "request.status-changed":
      return statusLine(when, s);
    default:
      return null;
  }
}

function statusLine(when: string, s: Record<string, unknown>): { when: string; text: string; detail?: string } | null {
  const note = typeof s.note === "string" && s.note ? s.note : undefined;
  switch (s.to) {
    case "in-progress":
      return s.from === "waiting-citizen"
        ? { when, text: "Le traitement de votre demande a repris." }
        : { when, text: "Votre demande est en cours de traitement." };
    case "waiting-citizen":
      return { when, text: "Le service attend un complément de votre part.", detail: note };
    case "answered":
      return { when, text: "Le service a répondu à votre demande.", detail: note };
    case "closed":
      return {
        when,
        text: `Votre demande est close : ${OUTCOME[String(s.outcome)] ?? "traitement terminé"}.`,
        detail: note,
      };
    default:
      return null;
  }
}

export function describeDecisionDate(decisionDueAt: Date | null): string | null {
  return decisionDueAt
    ? `Sans réponse de la mairie au ${formatDate(decisionDueAt)}, le silence vaudra décision (voir votre accusé de réception).`
    : null;
}
