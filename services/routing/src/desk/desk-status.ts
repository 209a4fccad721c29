import type { DeskStatus } from "@guichet/contracts";

/**
 * Which status an agent may move a case to. `answered` is reached by replying; `new` only by
 * (re-)routing. A closed case can be reopened (to in-progress).
 */
const TRANSITIONS: Record<DeskStatus, readonly DeskStatus[]> = {
  new: ["in-progress", "waiting-citizen", "answered", "closed"],
  "in-progress": ["waiting-citizen", "answered", "closed"],
  "waiting-citizen": ["in-progress", "answered", "closed"],
  answered: ["in-progress", "waiting-citizen", "closed"],
  closed: ["in-progress"],
};

export function canMoveTo(from: DeskStatus, to: DeskStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

/**
 * The status after the citizen wrote again: a case waiting for the citizen, or answered, goes back
 * to in-progress (the citizen expects a reaction). A closed case stays closed and is only flagged
 * (unread follow-up): reopening is an agent's decision, so a "merci" does not reopen it and the
 * resolution time stays honest.
 */
export function statusAfterFollowUp(status: DeskStatus): DeskStatus {
  return status === "waiting-citizen" || status === "answered" ? "in-progress" : status;
}

export const STATUS_LABELS: Record<DeskStatus, string> = {
  new: "Nouvelle",
  "in-progress": "En cours",
  "waiting-citizen": "En attente de l’usager",
  answered: "Répondue",
  closed: "Clôturée",
};
