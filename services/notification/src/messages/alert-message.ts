import type { SlaAlertV1, SlaMeasure } from "@guichet/contracts";
import { formatLongDate, formatTime, parisDay } from "./paris-date.util.ts";

/** What an internal SLA alert states, stored with the message (no citizen personal data). */
export interface AlertContent {
  reference: string;
  serviceId: string;
  serviceName: string;
  measure: SlaMeasure;
  level: SlaAlertV1["level"];
  /** UTC ISO instants, as raised by reporting. */
  deadline: string;
  raisedAt: string;
}

const MEASURE_FR: Readonly<Record<SlaMeasure, string>> = {
  registration: "accusé d'enregistrement",
  acknowledgement: "accusé de réception",
  "first-response": "première réponse",
  resolution: "traitement complet",
  decision: "décision (délai légal)",
};

const LEVEL_FR: Readonly<Record<SlaAlertV1["level"], string>> = {
  nearing: "échéance proche",
  breached: "échéance dépassée",
};

function parisInstant(iso: string): string {
  const instant = new Date(iso);
  return `${formatLongDate(parisDay(instant), "fr")} à ${formatTime(instant, "fr")} (heure de Paris)`;
}

/**
 * The e-mail to the service in charge when reporting raises sla.alert: internal, French, plain
 * text. Only the reference identifies the request (no citizen name, address or request text).
 */
export function renderAlertEmail(alert: AlertContent): { subject: string; text: string; html: null } {
  const measure = MEASURE_FR[alert.measure];
  const level = LEVEL_FR[alert.level];
  const subject = `[Guichet] Alerte délai (${level}) : demande ${alert.reference} — ${measure}`;
  const text = [
    `Alerte de délai sur la demande ${alert.reference}.`,
    "",
    `Service : ${alert.serviceName}`,
    `Délai suivi : ${measure}`,
    `Niveau : ${level}`,
    `Échéance : ${parisInstant(alert.deadline)}`,
    `Alerte émise le ${parisInstant(alert.raisedAt)}`,
    "",
    `Ouvrez la demande ${alert.reference} dans le guichet des agents pour la traiter.`,
    "",
    "Message interne envoyé automatiquement par Guichet. Merci de ne pas y répondre.",
    "",
  ].join("\n");
  return { subject, text, html: null };
}
