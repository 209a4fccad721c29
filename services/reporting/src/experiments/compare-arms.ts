import type { ArmFigures, SampleFigures } from "./experiment.types.ts";
import {
  bonferroniLevel,
  type Interval,
  meanInterval,
  newcombeDifference,
  normalQuantile,
  rateRatio,
  welchDifference,
  wilsonInterval,
} from "./statistics.ts";

/** Below this many requests (calls, answers...) on either side a figure concludes nothing. */
export const MIN_COUNT = 30;
/** Overall confidence of the report: every interval shown is simultaneous at this level. */
export const OVERALL_LEVEL = 0.95;

export type Unit = "percent" | "hours" | "score" | "per-day";
export type Verdict = "increase" | "decrease" | "no-difference" | "not-enough-data" | "no-data";

export interface ArmValue {
  /** How many requests (calls, appointments, answers) the figure rests on. */
  n: number;
  value: number | null;
  interval: Interval | null;
}

export interface MeasureComparison {
  key: string;
  label: string;
  unit: Unit;
  treatment: ArmValue;
  comparison: ArmValue;
  /** Treatment minus comparison (a ratio for volumes), with its interval; null when nothing concludes. */
  difference: (Interval & { value: number; ratio: boolean }) | null;
  verdict: Verdict;
}

type Spec =
  | { key: string; label: string; kind: "proportion"; of: (a: ArmFigures) => { k: number; n: number } | null }
  | { key: string; label: string; kind: "mean"; unit: "hours" | "score"; of: (a: ArmFigures) => SampleFigures }
  | { key: string; label: string; kind: "rate"; of: (a: ArmFigures) => { events: number; days: number } };

const CHANNEL_LABEL: Record<string, string> = {
  web: "formulaire en ligne",
  email: "courriel",
  phone: "téléphone",
  counter: "accueil physique",
  postal: "courrier",
};

function specs(treatment: ArmFigures, comparison: ArmFigures): Spec[] {
  const channels = [...new Set([...Object.keys(treatment.byChannel), ...Object.keys(comparison.byChannel)])].sort();
  return [
    { key: "volume", label: "Demandes par jour", kind: "rate", of: (a) => ({ events: a.requests, days: a.days }) },
    ...channels.map(
      (channel): Spec => ({
        key: `channel-${channel}`,
        label: `Part des demandes par ${CHANNEL_LABEL[channel] ?? channel}`,
        kind: "proportion",
        of: (a) => ({ k: a.byChannel[channel] ?? 0, n: a.requests }),
      }),
    ),
    {
      key: "first-contact",
      label: "Résolution au premier contact (demandes closes)",
      kind: "proportion",
      of: (a) => ({ k: a.firstContact, n: a.closed }),
    },
    {
      key: "transfers",
      label: "Demandes transférées à un autre service",
      kind: "proportion",
      of: (a) => ({ k: a.transferred, n: a.requests }),
    },
    {
      key: "acknowledgement-hours",
      label: "Délai d’accusé de réception (heures ouvrées)",
      kind: "mean",
      unit: "hours",
      of: (a) => a.acknowledgementHours,
    },
    {
      key: "first-response-hours",
      label: "Délai de réponse (heures ouvrées)",
      kind: "mean",
      unit: "hours",
      of: (a) => a.firstResponseHours,
    },
    {
      key: "answer-within-target",
      label: "Réponses dans l’objectif",
      kind: "proportion",
      of: (a) => ({ k: a.answerWithin, n: a.answerWithin + a.answerMissed }),
    },
    {
      key: "pick-up",
      label: "Taux de décroché téléphonique",
      kind: "proportion",
      of: (a) => (a.calls ? { k: a.calls.answered, n: a.calls.offered } : null),
    },
    {
      key: "no-show",
      label: "Rendez-vous non honorés",
      kind: "proportion",
      of: (a) => (a.appointments ? { k: a.appointments.noShows, n: a.appointments.booked } : null),
    },
    {
      key: "survey-response",
      label: "Taux de réponse à l’enquête de satisfaction",
      kind: "proportion",
      of: (a) => ({ k: a.surveys.answered, n: a.surveys.invited }),
    },
    {
      key: "satisfaction",
      label: "Satisfaction (note de 1 à 5)",
      kind: "mean",
      unit: "score",
      of: (a) => a.surveys.score,
    },
  ];
}

function verdictOf(interval: Interval, neutral: number): Verdict {
  if (interval.low > neutral) return "increase";
  if (interval.high < neutral) return "decrease";
  return "no-difference";
}

/**
 * Compares the experiment's figures with its comparison group or before-period, measure by
 * measure: Wilson intervals and Newcombe differences for shares, Welch for delays and scores, a
 * Poisson rate ratio for volumes. Every interval is Bonferroni-adjusted over the measures that
 * conclude, so the whole report holds at 95 %; a side with fewer than MIN_COUNT concludes nothing.
 */
export function compareArms(treatment: ArmFigures, comparison: ArmFigures): MeasureComparison[] {
  const all = specs(treatment, comparison);
  const level = bonferroniLevel(OVERALL_LEVEL, all.length);
  const z = normalQuantile(1 - (1 - level) / 2);
  return all.map((spec): MeasureComparison => {
    const base = { key: spec.key, label: spec.label };
    if (spec.kind === "proportion") {
      const [a, b] = [spec.of(treatment), spec.of(comparison)];
      const side = (x: { k: number; n: number } | null): ArmValue =>
        x && x.n > 0
          ? { n: x.n, value: x.k / x.n, interval: wilsonInterval(x.k, x.n, z) }
          : { n: x?.n ?? 0, value: null, interval: null };
      const result = { ...base, unit: "percent" as const, treatment: side(a), comparison: side(b) };
      if (!a || !b || a.n + b.n === 0) return { ...result, difference: null, verdict: "no-data" };
      if (a.n < MIN_COUNT || b.n < MIN_COUNT) return { ...result, difference: null, verdict: "not-enough-data" };
      const interval = newcombeDifference(a.k, a.n, b.k, b.n, z);
      return {
        ...result,
        difference: { ...interval, value: a.k / a.n - b.k / b.n, ratio: false },
        verdict: verdictOf(interval, 0),
      };
    }
    if (spec.kind === "mean") {
      const [a, b] = [spec.of(treatment), spec.of(comparison)];
      const sample = (x: SampleFigures) =>
        x.mean === null ? null : { n: x.n, mean: x.mean, variance: x.variance ?? 0 };
      const side = (x: SampleFigures): ArmValue => {
        const s = sample(x);
        return { n: x.n, value: x.mean, interval: s && s.n >= 2 ? meanInterval(s, level) : null };
      };
      const result = { ...base, unit: spec.unit, treatment: side(a), comparison: side(b) };
      const [sa, sb] = [sample(a), sample(b)];
      if (!sa || !sb || a.n < MIN_COUNT || b.n < MIN_COUNT)
        return { ...result, difference: null, verdict: a.n + b.n === 0 ? "no-data" : "not-enough-data" };
      const interval = welchDifference(sa, sb, level);
      return {
        ...result,
        difference: { ...interval, value: sa.mean - sb.mean, ratio: false },
        verdict: verdictOf(interval, 0),
      };
    }
    const [a, b] = [spec.of(treatment), spec.of(comparison)];
    const side = (x: { events: number; days: number }): ArmValue => ({
      n: x.events,
      value: x.days > 0 ? x.events / x.days : null,
      interval: null,
    });
    const result = { ...base, unit: "per-day" as const, treatment: side(a), comparison: side(b) };
    if (a.events < MIN_COUNT || b.events < MIN_COUNT)
      return { ...result, difference: null, verdict: "not-enough-data" };
    const ratio = rateRatio(a.events, a.days, b.events, b.days, z);
    return {
      ...result,
      difference: { low: ratio.low, high: ratio.high, value: ratio.ratio, ratio: true },
      verdict: verdictOf(ratio, 1),
    };
  });
}
