import type { Channel, ClosingOutcome, ReplyChannel } from "@guichet/contracts";
import { type Catalog, findService, findSubject } from "../catalog/catalog.ts";

export const CHANNEL_LABELS: Record<Channel, string> = {
  web: "Formulaire en ligne",
  email: "Courriel",
  phone: "Téléphone",
  counter: "Accueil physique",
  postal: "Courrier postal",
};

export const REPLY_CHANNEL_LABELS: Record<ReplyChannel, string> = {
  email: "Courriel",
  sms: "SMS",
  letter: "Courrier postal",
  none: "Aucun (pas de réponse écrite)",
};

export const OUTCOME_LABELS: Record<ClosingOutcome, string> = {
  granted: "Accordée",
  refused: "Refusée",
  answered: "Réponse apportée",
  "redirected-outside": "Réorientée hors de la mairie",
  withdrawn: "Retirée par l’usager",
  duplicate: "Doublon",
};

export function channelLabel(channel: string | null): string {
  return channel && channel in CHANNEL_LABELS ? CHANNEL_LABELS[channel as Channel] : "Inconnu";
}

export function serviceName(catalog: Catalog, serviceId: string | null): string {
  if (serviceId === null) return "Aucun";
  return findService(catalog, serviceId)?.name ?? serviceId;
}

export function subjectLabel(catalog: Catalog, subjectId: string | null): string {
  if (subjectId === null) return "Non précisé";
  return findSubject(catalog, subjectId)?.label ?? subjectId;
}

/** "12 min", "5 h", "3 j": how long a request has waited. */
export function ageText(since: Date | null, now: Date): string {
  if (!since) return "inconnu";
  const minutes = Math.max(0, Math.floor((now.getTime() - since.getTime()) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h`;
  return `${Math.floor(hours / 24)} j`;
}

export function dateTimeText(date: Date | null, timeZone: string): string {
  if (!date) return "—";
  return new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "short", timeZone }).format(date);
}
