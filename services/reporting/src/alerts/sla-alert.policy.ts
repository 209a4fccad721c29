import { businessHoursBetween, type Calendar, isOpen } from "@guichet/calendar";
import type { SlaMeasure } from "@guichet/contracts";

export interface AlertCandidate {
  receivedAt: Date;
  /** Deadline per measure not met yet (null or absent: nothing to watch). */
  open: Partial<Record<SlaMeasure, Date | null>>;
  /** Levels already raised, "measure:level". */
  raised: ReadonlySet<string>;
}

export interface AlertDecision {
  measure: SlaMeasure;
  level: "nearing" | "breached";
  deadline: Date;
}

/**
 * Which alerts a request deserves now. Nothing outside the service's opening hours: an alert due at
 * midnight or on a Sunday waits for the next opening, so agents read it when they can act. A
 * "nearing" alert fires once `ratio` of the target's business time has elapsed (real time for the
 * legal decision date, counted in calendar months); each level is raised at most once, and a
 * breach found first makes the nearing alert pointless.
 */
export function alertsDue(calendar: Calendar, candidate: AlertCandidate, now: Date, ratio: number): AlertDecision[] {
  if (!isOpen(calendar, now)) return [];
  const decisions: AlertDecision[] = [];
  for (const [measure, deadline] of Object.entries(candidate.open) as [SlaMeasure, Date | null][]) {
    if (!deadline) continue;
    const breached = now.getTime() >= deadline.getTime();
    if (breached) {
      if (!candidate.raised.has(`${measure}:breached`)) decisions.push({ measure, level: "breached", deadline });
      continue;
    }
    if (candidate.raised.has(`${measure}:nearing`)) continue;
    if (elapsedShare(calendar, measure, candidate.receivedAt, deadline, now) >= ratio)
      decisions.push({ measure, level: "nearing", deadline });
  }
  return decisions;
}

function elapsedShare(calendar: Calendar, measure: SlaMeasure, from: Date, deadline: Date, now: Date): number {
  if (measure === "decision" || measure === "registration") {
    const total = deadline.getTime() - from.getTime();
    return total > 0 ? (now.getTime() - from.getTime()) / total : 1;
  }
  const total = businessHoursBetween(calendar, from, deadline);
  return total > 0 ? businessHoursBetween(calendar, from, now) / total : 1;
}
