// Small statistics for measured figures: quantiles, the median, and the 95% interval of a ratio measured in pairs.
// The one home for them: every layer (engine, widgets, benchmarks, CLI) states a p50 or p99 the same way.

/**
 * The q-quantile of the values, in any order: q is a fraction from 0 to 1 (p99 is 0.99; outside is clamped),
 * interpolated linearly between order statistics (d3.quantile's and numpy's default, so the median of an even count
 * is the mean of the middle two). NaN for no values: a caller that shows "no data" differently checks the length.
 */
export function quantile(xs: readonly number[], q: number): number {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = Math.min(1, Math.max(0, q)) * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo);
}

/** The middle value, `quantile(xs, 0.5)`; NaN for no values. */
export const median = (xs: readonly number[]): number => quantile(xs, 0.5);

/** A figure measured a few times: its median with the range it came from (too few samples for an interval). */
export interface Sampled {
  median: number;
  low: number;
  high: number;
  n: number;
}

export const sampled = (xs: readonly number[]): Sampled => ({ median: median(xs), low: Math.min(...xs), high: Math.max(...xs), n: xs.length });

/** Two-sided 95% quantile of Student's t with `df` degrees of freedom (tabulated; 1.96 from 120 on). */
export function t95(df: number): number {
  const table = [NaN, 12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131, 2.12, 2.11, 2.101, 2.093, 2.086];
  if (df < 1) return NaN;
  if (df < table.length) return table[df]!;
  if (df < 30) return 2.086 - ((df - 20) * (2.086 - 2.042)) / 10;
  if (df < 60) return 2.042 - ((df - 30) * (2.042 - 2.0)) / 30;
  if (df < 120) return 2.0 - ((df - 60) * (2.0 - 1.98)) / 60;
  return 1.96;
}

/**
 * Half the 95% interval of the mean of these values (a t-interval: independent samples, or batch means of a
 * series); NaN for fewer than two or for a value that is not a number.
 */
export function meanHalfWidth(xs: readonly number[]): number {
  const n = xs.length;
  if (n < 2 || xs.some((x) => !Number.isFinite(x))) return NaN;
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1);
  return t95(n - 1) * Math.sqrt(variance / n);
}

/** A ratio estimated from paired samples, with its 95% interval. */
export interface RatioEstimate {
  /** Geometric mean of the pairs' ratios (ratios multiply, so their logs are averaged). */
  value: number;
  low: number;
  high: number;
  /** Half the interval's width, in the ratio's own units ("1.93x ±0.04"); NaN with fewer than 2 pairs. */
  spread: number;
  /** `spread / value`: the interval's half-width relative to the value. */
  relative: number;
  pairs: number;
}

/**
 * The 95% confidence interval of a ratio from its paired samples: a t-interval on the logs (a ratio's error is
 * multiplicative), turned back into the ratio's units. With one pair there is no spread to state: NaN.
 */
export function ratioEstimate(ratios: readonly number[]): RatioEstimate {
  const logs = ratios.filter((r) => r > 0 && Number.isFinite(r)).map(Math.log);
  const n = logs.length;
  if (!n) return { value: NaN, low: NaN, high: NaN, spread: NaN, relative: NaN, pairs: 0 };
  const mean = logs.reduce((a, b) => a + b, 0) / n;
  const value = Math.exp(mean);
  if (n < 2) return { value, low: NaN, high: NaN, spread: NaN, relative: NaN, pairs: n };
  const h = meanHalfWidth(logs);
  const low = Math.exp(mean - h);
  const high = Math.exp(mean + h);
  const spread = (high - low) / 2;
  return { value, low, high, spread, relative: spread / value, pairs: n };
}

/**
 * A small seeded generator (mulberry32), uniform in [0, 1): resampling that gives the same answer for the same data
 * on every run, and fuzz tests that name the seed that broke a rule.
 */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Where a median of `n` measurements lands when drawn again from the same ones, and how often within a band. */
export interface MedianReproduction {
  /** How often a median of `n` lands within the band (a ratio) of the median of them all: 0 to 1. */
  agreement: number;
  /** The 2.5th and 97.5th percentiles of those medians: where 95% of them land. */
  low: number;
  high: number;
}

/**
 * Whether a figure measured `n` times reproduces itself: medians of `n` of these values, drawn with replacement
 * (a bootstrap, seeded, so the same values give the same answer), against the median of them all. NaNs without
 * values or with a median of 0.
 */
export function medianReproduction(values: readonly number[], n: number, band: readonly [number, number], draws = 2000): MedianReproduction {
  const xs = values.filter(Number.isFinite);
  const all = median(xs);
  if (!xs.length || !(n >= 1) || !(all > 0)) return { agreement: NaN, low: NaN, high: NaN };
  const random = seeded(xs.length * 7919 + n);
  const sample = new Array<number>(n);
  const medians: number[] = [];
  for (let d = 0; d < draws; d++) {
    for (let i = 0; i < n; i++) sample[i] = xs[Math.floor(random() * xs.length)]!;
    medians.push(median(sample));
  }
  const agree = medians.filter((m) => m / all >= band[0] && m / all <= band[1]).length;
  return { agreement: agree / draws, low: quantile(medians, 0.025), high: quantile(medians, 0.975) };
}
