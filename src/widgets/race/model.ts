import { type EngineMode, type RunSpec, STRATEGIES, type Strategy } from '../../engine/index.js';
import { formatMs } from '../format.js';

/** The runs the race can show: the same counter loop on a strategy, with or without a Lock around `x += 1`. */
export const RACE_MODES = {
  'free-threading': { strategy: 'free-threading', lock: false, label: 'free-threading, no lock' },
  'free-threading-lock': { strategy: 'free-threading', lock: true, label: 'free-threading, with a Lock' },
  threads: { strategy: 'threads', lock: false, label: 'threads under the GIL, no lock' },
} as const satisfies Record<string, { strategy: Strategy; lock: boolean; label: string }>;

export type RaceMode = keyof typeof RACE_MODES;
export const RACE_MODE_NAMES = Object.keys(RACE_MODES) as RaceMode[];

/** A mode's metric key: its strategy, with `-lock` when the increment takes the Lock (`race:free-threading-lock`). */
export const raceKey = (mode: RaceMode) => {
  const { strategy, lock } = RACE_MODES[mode];
  return lock ? (`race:${strategy}-lock` as const) : (`race:${strategy}` as const);
};

/** Whether a mode's threads take turns on a GIL (as the strategy table has it): a clean count there is luck. */
export const underGil = (mode: RaceMode): boolean => STRATEGIES[RACE_MODES[mode].strategy].gil !== 'none';

/** One run: every worker adds 1 to the shared counter `increments` times. `actual` is null until it has run. */
export interface RaceRow {
  mode: RaceMode;
  expected: number;
  actual: number | null;
  wallMs: number | null;
}

export interface RaceData {
  workers: number;
  increments: number;
  rows: RaceRow[];
  mode: EngineMode | null;
}

/** What the view says under the GIL row: a clean count there is luck of the switch points, not a promise. */
export const GIL_CAVEAT = 'few or none lost under the GIL, but nothing guarantees it: x += 1 is still not atomic';

export const NEEDS_SHARED_MEMORY = 'needs shared memory: serve the deck with `npm start` or any host that sends COOP/COEP';

/** The engine run behind a mode: the same counter loop, with or without a GIL, with or without a lock. */
export function raceSpec(mode: RaceMode, workers: number, increments: number): RunSpec {
  return {
    strategy: RACE_MODES[mode].strategy,
    workers,
    workload: 'countdown',
    // Exact units: the counter loop needs no calibration of a kernel it never runs.
    units: increments,
    counter: { increments, lock: RACE_MODES[mode].lock },
  };
}

export function raceInitial(workers: number, increments: number, modes: readonly RaceMode[]): RaceData {
  return { workers, increments, rows: modes.map((mode) => ({ mode, expected: workers * increments, actual: null, wallMs: null })), mode: null };
}

/** Updates lost between what the workers added and what the counter holds. */
export function lostUpdates(row: RaceRow): { count: number; pct: number } | null {
  if (row.actual === null) return null;
  const count = row.expected - row.actual;
  return { count, pct: row.expected > 0 ? (count / row.expected) * 100 : 0 };
}

const int = (n: number) => Math.round(n).toLocaleString('en-US');
export const formatPct = (pct: number): string => (pct === 0 ? '0%' : pct < 0.1 ? '<0.1%' : `${pct.toFixed(1)}%`);

/** The line under a row's bar: what was counted and what was lost. */
export function countLine(row: RaceRow): string {
  const lost = lostUpdates(row);
  if (!lost) return `expected ${int(row.expected)}`;
  return `${int(row.actual!)} of ${int(row.expected)} · lost ${int(lost.count)} (${formatPct(lost.pct)})`;
}

/** Bar widths in pixels: expected fills `width`; actual and lost split it. Pure, so it is tested without a DOM. */
export function raceBars(data: RaceData, width: number): Array<{ mode: RaceMode; actualW: number; lostW: number; wallW: number }> {
  const maxWall = Math.max(0, ...data.rows.map((r) => r.wallMs ?? 0));
  return data.rows.map((r) => {
    const share = r.actual === null || r.expected === 0 ? 0 : Math.max(0, Math.min(1, r.actual / r.expected));
    return {
      mode: r.mode,
      actualW: share * width,
      lostW: r.actual === null ? 0 : (1 - share) * width,
      wallW: maxWall > 0 && r.wallMs !== null ? (r.wallMs / maxWall) * width : 0,
    };
  });
}

export function raceSummary(d: RaceData): string {
  const done = d.rows.filter((r) => r.actual !== null);
  if (!done.length) return `${d.workers} threads will each add 1 to one shared counter ${int(d.increments)} times.`;
  const parts = done.map((r) => {
    const lost = lostUpdates(r)!;
    const verdict = lost.count === 0 ? `all ${int(r.expected)} counted` : `${int(r.actual!)} of ${int(r.expected)} counted, ${int(lost.count)} lost (${formatPct(lost.pct)})`;
    return `${RACE_MODES[r.mode].label}: ${verdict} in ${formatMs(r.wallMs!)}`;
  });
  const caveat = done.some((r) => underGil(r.mode)) ? ' Under the GIL nothing guarantees a clean count: x += 1 is not atomic.' : '';
  return `${d.workers} threads × ${int(d.increments)} increments. ${parts.join('; ')}.${caveat}`;
}
