import type { ExperimentComparison } from "@guichet/contracts";

/** An experiment as stored (dates are local days, Europe/Paris, both included). */
export interface Experiment {
  id: string;
  name: string;
  hypothesis: string;
  change: string;
  from: string;
  to: string;
  siteIds: string[];
  channels: string[];
  subjectIds: string[];
  serviceIds: string[];
  comparison: ExperimentComparison;
  definedBy: string;
  definedAt: string;
}

/** One side of the comparison: which requests, calls and answers it counts. */
export interface Arm {
  from: string;
  to: string;
  siteIds: readonly string[];
  channels: readonly string[];
  subjectIds: readonly string[];
  serviceIds: readonly string[];
}

/** The experiment's requests, and those it is compared with. */
export function armsOf(experiment: Experiment): { treatment: Arm; comparison: Arm } {
  const scope = {
    channels: experiment.channels,
    subjectIds: experiment.subjectIds,
    serviceIds: experiment.serviceIds,
  };
  const treatment = { ...scope, from: experiment.from, to: experiment.to, siteIds: experiment.siteIds };
  const c = experiment.comparison;
  const comparison =
    c.kind === "before"
      ? { ...scope, from: c.from, to: c.to, siteIds: experiment.siteIds }
      : { ...scope, from: experiment.from, to: experiment.to, siteIds: c.siteIds };
  return { treatment, comparison };
}

/** Number of calendar days of an arm's period. */
export function daysOf(arm: Arm): number {
  return Math.round((Date.parse(`${arm.to}T00:00:00Z`) - Date.parse(`${arm.from}T00:00:00Z`)) / 86_400_000) + 1;
}

/** Sample of a delay or a score: count, mean, unbiased variance, median. */
export interface SampleFigures {
  n: number;
  mean: number | null;
  variance: number | null;
  median: number | null;
}

/** Everything the report compares, for one arm, straight from the projections. */
export interface ArmFigures {
  days: number;
  requests: number;
  byChannel: Record<string, number>;
  closed: number;
  firstContact: number;
  transferred: number;
  answerWithin: number;
  answerMissed: number;
  acknowledgementHours: SampleFigures;
  firstResponseHours: SampleFigures;
  resolutionHours: SampleFigures;
  calls: { offered: number; answered: number } | null;
  appointments: { booked: number; noShows: number } | null;
  surveys: { invited: number; answered: number; score: SampleFigures };
}
