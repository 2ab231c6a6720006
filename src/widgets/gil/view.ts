import { select } from 'd3-selection';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { pageFrames } from '../frames.js';
import { legendItem } from '../legend.js';
import { MARK_COLOR, STATE_COLOR } from '../palette.js';
import { timeScale } from '../timeScale.js';
import { DropReason, laneName } from '../../engine/index.js';
import { GIL_STRATEGY, type GilData, type GilFrame, gilFrame, historyBars, replayTime, speedLabel, stillTime } from './model.js';
import { formatMs, WIDTH } from '../format.js';

const HEAD_H = 56;
const LABEL_W = 100;
const TOKEN_X = 128;
const STATUS_X = 156;
const STRIP_X0 = 400;
const STRIP_X1 = WIDTH - 10;
const COUNTERS_H = 96;
const TOKEN_COLOR = MARK_COLOR.token;
/** Switch intervals of history shown to the right of each thread. */
const HISTORY_INTERVALS = 12;
/** A drop request is answered within ~50 us; keep its flag up this long (real ms) so the eye catches it. */
const REQUEST_VISIBLE_MS = 350;

const reducedMotion = (): boolean => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;


/** Row height: roomy for a few threads, tighter for eight so the widget still fits a slide. */
export const rowHeight = (workers: number): number => Math.max(34, Math.min(50, Math.floor(240 / Math.max(1, workers))));

/**
 * Thread rows with the GIL as a token on the holder, replayed slowly from the measured trace: each row says what
 * its thread does, a strip shows its last few switch intervals, and counters tally hand-offs and drops. SVG: a few
 * dozen crisp marks redrawn per frame.
 */
export function gilView(root: HTMLElement): View<GilData> {
  const wrap = document.createElement('div');
  wrap.className = 'gd-gil';
  if (reducedMotion()) wrap.classList.add('gd-gil-still');
  const replay = document.createElement('button');
  replay.type = 'button';
  replay.className = 'gd-gil-replay';
  replay.textContent = 'Replay';
  replay.title = 'Replay the measured trace from the start';
  replay.hidden = true;
  const svg = document.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('class', 'gd-w-svg');
  svg.setAttribute('width', String(WIDTH));
  svg.setAttribute('role', 'img');
  wrap.append(replay, svg);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend';
  const swatch = (color: string, text: string, height = '0.9em') => legendItem(text, { background: color, height });
  const marker = (glyph: string, text: string, className: string) => {
    const item = document.createElement('span');
    const b = document.createElement('b');
    b.className = className;
    b.textContent = glyph;
    item.append(b, ` ${text}`);
    return item;
  };
  legend.append(
    swatch(STATE_COLOR.running, 'holds the GIL'),
    swatch(STATE_COLOR.waiting, 'waiting for it', '0.35em'),
    swatch(STATE_COLOR.io, 'in I/O', '0.6em'),
    marker('▼', 'drop request set', 'gd-gil-glyph-request'),
    marker('|', 'forced drop', 'gd-gil-glyph-forced'),
  );
  root.append(wrap, legend);

  let data: GilData | null = null;
  /** performance.now() when the replay started; null: show a still frame at the end of what was measured. */
  let replayStart: number | null = null;
  /** The pending replay frame, if any. */
  let cancelFrame: (() => void) | null = null;

  function paint(t: number) {
    if (!data) return;
    const d = data;
    const ROW_H = rowHeight(d.workers);
    const BAR_H = Math.min(26, ROW_H - 14);
    const h = HEAD_H + d.workers * ROW_H + COUNTERS_H;
    svg.setAttribute('height', String(h));
    // Long enough to see, shorter than one replayed slice so consecutive requests stay apart.
    const frame = gilFrame(d, t, Math.min(REQUEST_VISIBLE_MS * d.speed, 0.6 * d.switchIntervalMs));
    const s = select(svg);

    // Header: the speed, said plainly, and where the replay is in the measured trace.
    const head = s.selectAll('g.gd-gil-head').data([null]).join('g').attr('class', 'gd-gil-head');
    head.selectAll('text.gd-gil-speed').data([null]).join('text').attr('class', 'gd-gil-speed').attr('x', 0).attr('y', 22).text(`replayed at ${speedLabel(d.speed)} speed`);
    const measured = d.end - d.origin;
    const at = `${formatMs(Math.max(0, t - d.origin))} of ${formatMs(Math.max(0, measured))} measured${d.running ? ' so far' : ''}`;
    const clock = !d.holds.length ? 'not run yet' : replayStart === null ? `still frame at ${at}` : at;
    // Right-aligned short of the Replay button, which sits at the right end of this line.
    head.selectAll('text.gd-gil-clock').data([null]).join('text').attr('class', 'gd-gil-clock').attr('x', WIDTH - 110).attr('y', 22).attr('text-anchor', 'end').text(clock);
    const bar = timeScale([d.origin, Math.max(d.end, d.origin + 1)], [0, WIDTH - 10]);
    head.selectAll('rect.gd-gil-measured').data([null]).join('rect').attr('class', 'gd-gil-measured').attr('x', 0).attr('y', 34).attr('height', 6).attr('width', d.holds.length ? bar(d.replayEnd) : 0);
    head.selectAll('rect.gd-gil-cursor').data([null]).join('rect').attr('class', 'gd-gil-cursor').attr('x', 0).attr('y', 34).attr('height', 6).attr('width', d.holds.length ? Math.max(0, bar(t)) : 0);

    // One row per thread: label, status, history strip.
    const rowY = (w: number) => HEAD_H + w * ROW_H;
    const rows = s
      .selectAll<SVGGElement, number>('g.gd-gil-row')
      .data(Array.from({ length: d.workers }, (_, i) => i))
      .join((enter) => {
        const g = enter.append('g').attr('class', 'gd-gil-row');
        g.append('rect').attr('class', 'gd-gil-lane').attr('x', STRIP_X0).attr('width', STRIP_X1 - STRIP_X0);
        g.append('text').attr('class', 'gd-gil-label').attr('x', 0);
        g.append('text').attr('class', 'gd-gil-status').attr('x', STATUS_X);
        g.append('g').attr('class', 'gd-gil-strip');
        return g;
      })
      .attr('transform', (w) => `translate(0, ${rowY(w)})`)
      .attr('data-state', (w) => frame.states[w] ?? 'idle')
      // The asked holder's status turns red (and flashes, unless motion is reduced) while the request is pending.
      .attr('data-request', (w) => (frame.request?.holder === w ? 'asked' : frame.request?.requester === w ? 'asker' : null));
    rows.select('rect.gd-gil-lane').attr('y', (ROW_H - BAR_H) / 2 - 4).attr('height', BAR_H);
    rows.select('text.gd-gil-label').attr('y', ROW_H / 2 + 2).text((w) => laneName(GIL_STRATEGY, w));
    rows.select('text.gd-gil-status').attr('y', ROW_H / 2 + 2).text((w) => statusText(frame, w));

    const windowMs = HISTORY_INTERVALS * d.switchIntervalMs;
    const x = timeScale([t - windowMs, t], [STRIP_X0, STRIP_X1]);
    const bars = historyBars(d, t, windowMs);
    // Holding is a full bar, I/O a half one, waiting a thin line: the states differ by shape as well as colour.
    const hOf = (state: string) => (state === 'holding' ? BAR_H : state === 'io' ? Math.round(BAR_H * 0.55) : Math.round(BAR_H * 0.3));
    const yOf = (state: string) => (BAR_H - hOf(state)) / 2;
    rows
      .select('g.gd-gil-strip')
      .selectAll('rect')
      .data((w) => bars.filter((b) => b.worker === w))
      .join('rect')
      .attr('x', (b) => x(b.start))
      .attr('width', (b) => Math.max(1, x(b.end) - x(b.start)))
      .attr('y', (b) => (ROW_H - BAR_H) / 2 - 4 + yOf(b.state))
      .attr('height', (b) => hOf(b.state))
      .style('fill', (b) => STATE_COLOR[b.state === 'holding' ? 'running' : b.state]);
    rows
      .select('g.gd-gil-strip')
      .selectAll('line')
      .data((w) => bars.filter((b) => b.worker === w && b.reason === DropReason.Forced))
      .join('line')
      .attr('class', 'gd-gil-forced')
      .attr('x1', (b) => x(b.end))
      .attr('x2', (b) => x(b.end))
      .attr('y1', (ROW_H - BAR_H) / 2 - 8)
      .attr('y2', (ROW_H + BAR_H) / 2);
    const requests = d.requests.filter((r) => r[0] <= t && r[0] >= t - windowMs);
    rows
      .select('g.gd-gil-strip')
      .selectAll('text')
      .data((w) => requests.filter((r) => r[2] === w))
      .join('text')
      .attr('class', 'gd-gil-request-mark')
      .attr('x', (r) => x(r[0]))
      .attr('y', (ROW_H - BAR_H) / 2 - 6)
      .attr('text-anchor', 'middle')
      .text('▼');

    // The token sits on the holder's row; it moves (smoothly unless motion is reduced) when the GIL changes hands.
    const token = s
      .selectAll('g.gd-gil-token')
      .data([null])
      .join((enter) => {
        const g = enter.append('g').attr('class', 'gd-gil-token');
        g.append('circle').style('fill', TOKEN_COLOR);
        g.append('text').attr('text-anchor', 'middle').attr('y', 6).text('GIL');
        return g;
      });
    token.select('circle').attr('r', Math.min(19, ROW_H / 2 - 2));
    token.attr('transform', `translate(${TOKEN_X}, ${rowY(frame.holder ?? 0) + ROW_H / 2 - 4})`).attr('visibility', frame.holder === null ? 'hidden' : 'visible');

    // Counters, as of the replayed instant.
    const top = HEAD_H + d.workers * ROW_H + 8;
    const counters: Array<[string, string]> = [
      [String(frame.handoffs), 'hand-offs'],
      [frame.rate ? frame.rate.toFixed(0) : '–', 'hand-offs / s'],
      [String(frame.drops.forced), 'forced drops'],
      [String(frame.drops.io), 'I/O drops'],
      [String(frame.drops.done), 'done'],
    ];
    const boxW = (WIDTH - 10) / counters.length;
    const boxes = s
      .selectAll<SVGGElement, [string, string]>('g.gd-gil-counter')
      .data(counters)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'gd-gil-counter');
        g.append('text').attr('class', 'gd-gil-count').attr('y', 30);
        g.append('text').attr('class', 'gd-gil-count-label').attr('y', 54);
        return g;
      })
      .attr('transform', (_, i) => `translate(${i * boxW}, ${top})`);
    boxes.select('text.gd-gil-count').text((c) => c[0]);
    boxes.select('text.gd-gil-count-label').text((c) => c[1]);
    s.selectAll('text.gd-gil-total')
      .data([null])
      .join('text')
      .attr('class', 'gd-gil-total')
      .attr('x', 0)
      .attr('y', top + 84)
      .text(totalsLine(d));
    svg.setAttribute('aria-label', `Replay at ${speedLabel(d.speed)} speed: ${frame.holder === null ? 'nobody holds the GIL' : `${laneName(GIL_STRATEGY, frame.holder)} holds the GIL`}; ${frame.handoffs} hand-offs so far.`);
    replay.hidden = !d.holds.length || d.running;
  }

  const now = () => performance.now();
  // A still frame (print, a stored run) shows the middle of the trace: the token on a holder, hand-offs on the strips.
  const currentT = () => (data ? (replayStart === null ? stillTime(data) : replayTime(data, now() - replayStart)) : 0);
  const loop = () => {
    cancelFrame = null;
    // A view left behind (its slide was left and the widget mounted afresh) stops replaying.
    if (!data || !svg.isConnected) return;
    const t = currentT();
    paint(t);
    // Keep replaying while the run goes on or the replay has not caught up with the end of the trace.
    if (replayStart !== null && (data.running || t < data.replayEnd)) schedule();
  };
  const schedule = () => {
    if (cancelFrame || !pageFrames.real) return;
    cancelFrame = pageFrames.request(loop);
  };
  replay.addEventListener('click', () => {
    replayStart = now();
    schedule();
  });

  return {
    draw(next) {
      if (next.running && (replayStart === null || !data?.running)) replayStart = now();
      // Drawn cold (the last run, a snapshot, a mirror joining late): a still frame, replayable on demand.
      if (!next.running && !data?.running) replayStart = null;
      data = next;
      if (!cancelFrame) paint(currentT());
      schedule();
    },
    destroy() {
      cancelFrame?.();
      cancelFrame = null;
      wrap.remove();
      legend.remove();
    },
  };
}

function statusText(frame: GilFrame, w: number): string {
  const state = frame.states[w];
  const r = frame.request;
  if (state === 'holding') return r && r.holder === w ? '▼ asked to drop it' : 'holds the GIL';
  if (state === 'waiting' && r && r.requester === w) return 'waits · set drop request';
  if (state === 'waiting' && r && r.holder === w) return 'forced to drop · waits';
  if (state === 'waiting') return 'waits for the GIL';
  if (state === 'io') return 'in I/O (GIL released)';
  if (frame.finished[w]) return 'finished';
  // Between a forced drop and the next holder's acquire, the dropper waits for the switch (FORCE_SWITCHING).
  if (frame.holder === null && frame.lastDrop?.worker === w && frame.lastDrop.reason === DropReason.Forced) return 'dropped it (forced)';
  return '';
}

function totalsLine(d: GilData): string {
  if (!d.holds.length) return `Press Run: ${d.workers} threads, one GIL.`;
  const { handoffs, drops, spanMs } = d.totals;
  if (d.running) return `Measuring… ${handoffs} hand-offs so far in ${formatMs(spanMs)}.`;
  const rate = spanMs > 0 ? ((handoffs / spanMs) * 1000).toFixed(0) : '0';
  const cut = d.replayEnd < d.end - 1 ? ` Replay: first ${formatMs(d.replayEnd - d.origin)}.` : '';
  return `Whole run: ${handoffs} hand-offs in ${formatMs(spanMs)} (${rate}/s); forced ${drops.forced}, I/O ${drops.io}, done ${drops.done}.${cut}`;
}
