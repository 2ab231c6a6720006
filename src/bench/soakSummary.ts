// What a kiosk soak run comes to: the samples' trends per hour and whether each target was met. Pure, for the
// soak (src/bench/soak.ts) and its tests.

/** One sample of the kiosk page, taken every ~30 s. */
export interface SoakSample {
  /** Minutes since the kiosk started. */
  minute: number;
  /** JS heap in use after a full garbage collection (MB). */
  heapMb: number;
  /** DOM nodes and event listeners alive after that collection. */
  nodes: number;
  listeners: number;
  /** Workers the page's engine has alive, and dedicated workers the browser reports. */
  engineWorkers: number;
  browserWorkers: number;
  /** Slide on screen, and the kiosk's own count of steps it took. */
  slide: number;
  advances: number;
}

export interface SoakTotals {
  minutes: number;
  paceMs: number;
  /** Slide changes seen, and reloads after a frozen page. */
  slideChanges: number;
  recoveries: number;
  /** The latest any step came against when it was due (ms), and the most workers seen on a slide without demos. */
  maxLateMs: number;
  workersBetweenDemos: number;
  /** Checks of the workers on slides without demos. */
  betweenChecks: number;
  consoleErrors: string[];
  watchdogStops: number;
}

/** Least-squares slope of y over x; 0 with fewer than two distinct x. */
export function slope(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx === 0 ? 0 : sxy / sxx;
}

export interface SoakVerdict {
  /** Samples the trends were fitted to. */
  fitted: number;
  heapSlopeMbPerHour: number;
  nodesSlopePerHour: number;
  listenersSlopePerHour: number;
  targets: Array<{ metric: string; value: string; target: string; ok: boolean }>;
}

/** Minutes left out of the trends: the first pass through the deck calibrates, measures and stores its results. */
export const warmUpMinutes = (minutes: number): number => Math.min(5, minutes * 0.2);

/** Heap, node and listener trends per hour (after the warm-up), and the targets. */
export function soakVerdict(samples: readonly SoakSample[], totals: SoakTotals): SoakVerdict {
  const after = samples.filter((s) => s.minute >= warmUpMinutes(totals.minutes));
  const settled = after.length >= 2 ? after : samples;
  const hours = settled.map((s) => s.minute / 60);
  const heapSlopeMbPerHour = slope(hours, settled.map((s) => s.heapMb));
  const nodesSlopePerHour = slope(hours, settled.map((s) => s.nodes));
  const listenersSlopePerHour = slope(hours, settled.map((s) => s.listeners));
  const stallBound = 2 * totals.paceMs;
  return {
    fitted: settled.length,
    heapSlopeMbPerHour,
    nodesSlopePerHour,
    listenersSlopePerHour,
    targets: [
      { metric: `heap slope after GC (${settled.length} samples from minute ${settled[0]?.minute.toFixed(1) ?? '-'})`, value: `${heapSlopeMbPerHour.toFixed(2)} MB/h`, target: '<= 5 MB/h', ok: heapSlopeMbPerHour <= 5 },
      { metric: 'workers on slides without demos (max)', value: String(totals.workersBetweenDemos), target: '0', ok: totals.workersBetweenDemos === 0 && totals.betweenChecks > 0 },
      { metric: 'latest step against its due time', value: `${Math.round(totals.maxLateMs)} ms`, target: `<= ${stallBound} ms (2 steps)`, ok: totals.maxLateMs <= stallBound },
      { metric: 'console errors', value: String(totals.consoleErrors.length), target: '0', ok: totals.consoleErrors.length === 0 },
      { metric: 'reloads after a frozen page', value: String(totals.recoveries), target: '0', ok: totals.recoveries === 0 },
    ],
  };
}
