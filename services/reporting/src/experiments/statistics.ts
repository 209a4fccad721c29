/**
 * The statistics of experiment reports, pure. Intervals are two-sided at the level asked; the
 * report asks for simultaneous 95 % intervals (Bonferroni over its measures) so that comparing a
 * dozen measures does not find a "difference" by chance.
 */

/** Inverse of the standard normal CDF (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError("p must be in (0, 1)");
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) /
    (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1)
  );
}

/** Student's t quantile from the normal one (Cornish–Fisher expansion; error < 1e-3 from 10 degrees of freedom). */
export function studentQuantile(p: number, df: number): number {
  const z = normalQuantile(p);
  if (!Number.isFinite(df) || df > 1e6) return z;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3)
  );
}

export interface Interval {
  low: number;
  high: number;
}

/** Wilson score interval of a proportion k / n (good coverage even for small n or p near 0 or 1). */
export function wilsonInterval(k: number, n: number, z: number): Interval {
  if (n <= 0) throw new RangeError("n must be positive");
  const p = k / n;
  const z2 = z * z;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (z / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}

/** Newcombe's hybrid score interval (method 10) of the difference of two proportions p1 - p2. */
export function newcombeDifference(k1: number, n1: number, k2: number, n2: number, z: number): Interval {
  const p1 = k1 / n1;
  const p2 = k2 / n2;
  const w1 = wilsonInterval(k1, n1, z);
  const w2 = wilsonInterval(k2, n2, z);
  const d = p1 - p2;
  return {
    low: d - Math.sqrt((p1 - w1.low) ** 2 + (w2.high - p2) ** 2),
    high: d + Math.sqrt((w1.high - p1) ** 2 + (p2 - w2.low) ** 2),
  };
}

export interface Sample {
  n: number;
  mean: number;
  /** Unbiased sample variance. */
  variance: number;
}

/** Welch's interval of the difference of two means (unequal variances, Welch–Satterthwaite df). */
export function welchDifference(a: Sample, b: Sample, level: number): Interval {
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  const d = a.mean - b.mean;
  if (se === 0) return { low: d, high: d };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const t = studentQuantile(1 - (1 - level) / 2, df);
  return { low: d - t * se, high: d + t * se };
}

/** Interval of a mean alone (t on n - 1 degrees of freedom). */
export function meanInterval(s: Sample, level: number): Interval {
  const se = Math.sqrt(s.variance / s.n);
  const t = studentQuantile(1 - (1 - level) / 2, s.n - 1);
  return { low: s.mean - t * se, high: s.mean + t * se };
}

/**
 * Interval of the ratio of two Poisson rates (a events over exposure ea, b over eb), on the log
 * scale: requests per open day during the experiment vs the comparison.
 */
export function rateRatio(a: number, ea: number, b: number, eb: number, z: number): Interval & { ratio: number } {
  const ratio = a / ea / (b / eb);
  const half = z * Math.sqrt(1 / a + 1 / b);
  return { ratio, low: ratio * Math.exp(-half), high: ratio * Math.exp(half) };
}

/** Two-sided level of each of m simultaneous intervals for an overall level (Bonferroni). */
export function bonferroniLevel(overall: number, m: number): number {
  return 1 - (1 - overall) / Math.max(1, m);
}
