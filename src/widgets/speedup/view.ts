import { axisBottom, axisLeft } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { line, symbol, type SymbolType } from 'd3-shape';
import { SVG_NS } from '../canvas.js';
import type { View } from '../definition.js';
import { MARK_COLOR } from '../palette.js';
import { STRATEGY_STYLE } from '../strategyStyle.js';
import { busyNote, formatMeasured, formatSpeedup, formatSpread, freeCores, IMPLAUSIBLE, isBusy, modelLines, percent, seriesOf, speedupMax, type SpeedupData, spreadLabels, startupText } from './model.js';
import { formatMs, WIDTH } from '../format.js';

const HEIGHT = 340;
const M = { left: 84, right: 372, top: 40, bottom: 52 };
const LABEL_GAP = 20;
const FADE_MS = 400;

const IDEAL_DASH = '10 6';
const AMDAHL_DASH = '3 5';

const workersText = (n: number): string => `${n} worker${n === 1 ? '' : 's'}`;

function svgEl(tag: string, attrs: Record<string, string>): SVGElement {
  const e = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

/** A legend swatch: a short line with the marker (measured) or a dashed line alone (modelled). */
function swatch(opts: { color: string; dash?: string; shape?: SymbolType }): SVGElement {
  const s = svgEl('svg', { width: '34', height: '16', viewBox: '0 0 34 16', 'aria-hidden': 'true' });
  // The line takes the legend's text colour (style.css); the marker, the strategy's colour.
  s.append(svgEl('line', { x1: '1', y1: '8', x2: '33', y2: '8', 'stroke-width': '3', ...(opts.dash ? { 'stroke-dasharray': opts.dash.replace(/\d+/g, (n) => String(Math.max(2, Math.round(Number(n) / 2)))) } : {}) }));
  if (opts.shape) {
    const marker = svgEl('path', { d: symbol(opts.shape, 60)() ?? '', transform: 'translate(17,8)' });
    marker.style.fill = opts.color;
    s.append(marker);
  }
  return s;
}

/** The device being noisy, said once: every point, or the first few of them by name. */
function noisyNote(noisy: string[], finished: number): string {
  if (!noisy.length) return '';
  const which = noisy.length === finished ? 'every interval' : noisy.length <= 2 ? noisy.join(' and ') : `${noisy.slice(0, 2).join(', ')} and ${noisy.length - 2} more`;
  return `The device is noisy: ${which} stayed wider than ±10% (faint points): not reliable figures.`;
}

/**
 * Speedup against workers: measured lines (solid, a marker per point, a label at the end) and the modelled
 * ideal and Amdahl lines (dashed, muted, labelled as models). SVG: a few dozen crisp marks.
 */
/** "4" or "3-7": how many pairs the chart's points rest on. */
const pairsRange = (ns: number[]): string => (Math.min(...ns) === Math.max(...ns) ? String(ns[0]) : `${Math.min(...ns)}-${Math.max(...ns)}`);

export function speedupView(root: HTMLElement): View<SpeedupData> {
  const svg = svgEl('svg', { class: 'gd-w-svg gd-speedup', width: String(WIDTH), height: String(HEIGHT), viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' }) as SVGSVGElement;
  const title = svgEl('title', {});
  svg.append(title);
  root.append(svg);
  const notes = document.createElement('p');
  notes.className = 'gd-speedup-notes';
  root.append(notes);
  const legend = document.createElement('div');
  legend.className = 'gd-w-legend gd-speedup-legend';
  root.append(legend);
  let legendKey = '';
  // When each point first appeared, so it keeps its fade-in class across the redraws that follow at once.
  const bornAt = new Map<string, number>();

  const updateLegend = (d: SpeedupData) => {
    const key = `${d.strategies.join()}|${d.serialFraction}`;
    if (key === legendKey) return;
    legendKey = key;
    const item = (sw: SVGElement, text: string) => {
      const span = document.createElement('span');
      span.append(sw, text);
      return span;
    };
    legend.replaceChildren(
      ...d.strategies.map((s) => item(swatch(STRATEGY_STYLE[s]), `${STRATEGY_STYLE[s].label} (measured)`)),
      item(swatch({ color: MARK_COLOR.model, dash: IDEAL_DASH }), 'ideal (modelled)'),
      item(swatch({ color: MARK_COLOR.model, dash: AMDAHL_DASH }), `Amdahl, ${percent(d.serialFraction)} serial (modelled)`),
    );
  };

  function paint(d: SpeedupData) {
    const maxN = d.counts[d.counts.length - 1] ?? 1;
    const x = scaleLinear().domain([1, Math.max(2, maxN)]).range([M.left, WIDTH - M.right]);
    const y = scaleLinear().domain([0, speedupMax(d)]).nice().range([HEIGHT - M.bottom, M.top]);
    const s = select(svg);
    title.textContent = `Speedup against worker count, ${d.workload}, ${d.cores} cores: measured lines, dashed models.`;

    s.selectAll<SVGGElement, null>('g.gd-axis-x')
      .data([null])
      .join('g')
      .attr('class', 'gd-axis gd-axis-x')
      .attr('transform', `translate(0,${HEIGHT - M.bottom})`)
      .call(axisBottom(x).tickValues(d.counts).tickFormat((v) => String(v)))
      .attr('font-size', 16);
    s.selectAll<SVGGElement, null>('g.gd-axis-y')
      .data([null])
      .join('g')
      .attr('class', 'gd-axis gd-axis-y')
      .attr('transform', `translate(${M.left},0)`)
      .call(axisLeft(y).ticks(5).tickFormat((v) => `${Number(v)}x`))
      .attr('font-size', 16);
    s.selectAll('text.gd-axis-title')
      .data([
        { text: 'workers', x: (M.left + WIDTH - M.right) / 2, y: HEIGHT - 8, rotate: false },
        { text: `speedup vs sequential (${d.workload})`, x: -(M.top + HEIGHT - M.bottom) / 2, y: 18, rotate: true },
      ])
      .join('text')
      .attr('class', 'gd-axis-title')
      .attr('x', (t) => t.x)
      .attr('y', (t) => t.y)
      .attr('transform', (t) => (t.rotate ? 'rotate(-90)' : null))
      .attr('text-anchor', 'middle')
      .attr('font-size', 16)
      .text((t) => t.text);

    // Where the cores run out: the ideal line and Amdahl's curve flatten from here.
    const coresVisible = d.cores >= 1 && d.cores <= maxN;
    s.selectAll('line.gd-cores')
      .data(coresVisible ? [d.cores] : [])
      .join('line')
      .attr('class', 'gd-cores')
      .attr('x1', (c) => x(c))
      .attr('x2', (c) => x(c))
      .attr('y1', M.top)
      .attr('y2', HEIGHT - M.bottom)
      .attr('stroke-width', 1)
      .attr('stroke-dasharray', '1 4');
    s.selectAll('text.gd-cores-label')
      .data(coresVisible ? [d.cores] : [])
      .join('text')
      .attr('class', 'gd-cores-label')
      .attr('x', (c) => x(c) + 6)
      .attr('y', HEIGHT - M.bottom - 8)
      .attr('font-size', 16)
      .text((c) => `${c} core${c === 1 ? '' : 's'}`);

    // Models: dashed, muted, each labelled as modelled at its right end.
    const models = modelLines(d);
    const path = line<[number, number]>()
      .x((p) => x(p[0]))
      .y((p) => y(p[1]));
    const busy = isBusy(d);
    const modelRows = [
      { id: 'ideal', pts: models.ideal, dash: IDEAL_DASH, label: busy ? `ideal, ${freeCores(d).toFixed(1)} cores (modelled)` : 'ideal (modelled)' },
      { id: 'amdahl', pts: models.amdahl, dash: AMDAHL_DASH, label: `Amdahl (modelled)` },
    ];
    s.selectAll<SVGPathElement, (typeof modelRows)[number]>('path.gd-model')
      .data(modelRows, (m) => m.id)
      .join('path')
      .attr('class', (m) => `gd-model gd-model-${m.id}`)
      .attr('d', (m) => path(m.pts))
      .attr('fill', 'none')
      .attr('stroke-width', 2)
      .attr('stroke-dasharray', (m) => m.dash);
    s.selectAll('text.gd-modelled-note')
      .data([`modelled (dashed): ideal and Amdahl (serial fraction ${percent(d.serialFraction)})`])
      .join('text')
      .attr('class', 'gd-modelled-note')
      .attr('x', M.left)
      .attr('y', M.top - 18)
      .attr('font-size', 16)
      .text((t) => t);

    // Measured: a solid line per strategy with a marker at each point, as the points arrive.
    const series = d.strategies.map((strategy) => ({ strategy, pts: seriesOf(d, strategy) }));
    const now = performance.now();
    for (const p of d.points) if (!bornAt.has(`${p.strategy}:${p.workers}`)) bornAt.set(`${p.strategy}:${p.workers}`, now);
    const groups = s
      .selectAll<SVGGElement, (typeof series)[number]>('g.gd-series')
      .data(series, (r) => r.strategy)
      .join('g')
      .attr('class', 'gd-series')
      .attr('data-strategy', (r) => r.strategy);
    groups
      .selectAll<SVGPathElement, (typeof series)[number]>('path.gd-measured')
      .data((r) => [r])
      .join('path')
      .attr('class', 'gd-measured')
      .attr('d', (r) => path(r.pts.map((p) => [p.workers, p.speedup])))
      .attr('fill', 'none')
      .style('stroke', (r) => STRATEGY_STYLE[r.strategy].color)
      .attr('stroke-width', 3);
    // Each point's 95% interval as an error bar with caps (none with a single pair: no spread to show).
    const CAP = 6;
    groups
      .selectAll<SVGPathElement, (typeof series)[number]['pts'][number]>('path.gd-errorbar')
      .data((r) => r.pts.filter((p) => p.low != null && p.high != null), (p) => `${p.strategy}:${p.workers}`)
      .join('path')
      .attr('class', 'gd-errorbar')
      .attr('d', (p) => {
        const cx = x(p.workers);
        const [top, bottom] = y.range().slice().sort((a, b) => a - b) as [number, number];
        const lo = Math.min(bottom, y(p.low!));
        const hi = Math.max(top, y(p.high!));
        const cap = (at: number, cut: boolean) => (cut ? '' : `M${cx - CAP},${at}H${cx + CAP}`);
        return `${cap(hi, hi === top)}M${cx},${hi}V${lo}${cap(lo, lo === bottom)}`;
      })
      .attr('fill', 'none')
      .style('stroke', (p) => STRATEGY_STYLE[p.strategy].color)
      .attr('stroke-width', 2);
    groups
      .selectAll<SVGPathElement, (typeof series)[number]['pts'][number]>('path.gd-point')
      .data((r) => r.pts, (p) => `${p.strategy}:${p.workers}`)
      .join('path')
      // Only points that just arrived fade in (style.css, and only without prefers-reduced-motion).
      .attr('class', (p) => (now - (bornAt.get(`${p.strategy}:${p.workers}`) ?? now) < FADE_MS ? 'gd-point gd-new' : 'gd-point'))
      .attr('d', (p) => symbol(STRATEGY_STYLE[p.strategy].shape, 110)() ?? '')
      .attr('transform', (p) => `translate(${x(p.workers)},${y(p.speedup)})`)
      .style('fill', (p) => STRATEGY_STYLE[p.strategy].color)
      // A figure the device was too noisy to pin down is drawn faint: seen, but not presented as the truth.
      .attr('opacity', (p) => (p.verdict === 'noisy' ? 0.45 : null))
            .attr('stroke-width', 1.5)
      .selectAll('title')
      .data((p) => [p])
      .join('title')
      .text((p) => `${p.strategy}, ${workersText(p.workers)}: ${formatMeasured(p)}, 95% interval (${p.pairs.map((q) => `${formatMs(q.seqMs)} sequential / ${formatMs(q.wallMs)}`).join('; ')})`);

    // End labels name every line, measured and modelled (colour is never the only cue). A measured line's label
    // follows its newest point while it grows; labels that end at the same place are spread so none overlap.
    const ends = [
      ...series.filter((r) => r.pts.length).map((r) => {
        const last = r.pts[r.pts.length - 1]!;
        return { id: r.strategy, n: last.workers, y: y(last.speedup), text: `${STRATEGY_STYLE[r.strategy].label} ${formatSpeedup(last.speedup)}${formatSpread(last.spread, last.speedup)}`, color: STRATEGY_STYLE[r.strategy].color, model: false };
      }),
      ...modelRows.map((m) => ({ id: m.id, n: maxN, y: y(m.pts[m.pts.length - 1]![1]), text: m.label, color: MARK_COLOR.model, model: true })),
    ];
    const ys = new Map<string, number>();
    for (const n of new Set(ends.map((e) => e.n))) {
      const group = ends.filter((e) => e.n === n);
      spreadLabels(group.map((e) => e.y + 6), LABEL_GAP, M.top, HEIGHT - M.bottom).forEach((v, i) => ys.set(group[i]!.id, v));
    }
    s.selectAll<SVGTextElement, (typeof ends)[number]>('text.gd-end-label')
      .data(ends, (e) => e.id)
      .join('text')
      .attr('class', (e) => (e.model ? 'gd-end-label gd-model-label' : 'gd-end-label'))
      .attr('x', (e) => x(e.n) + 12)
      .attr('y', (e) => ys.get(e.id)!)
      .attr('font-size', 16)
      .attr('font-style', (e) => (e.model ? 'italic' : null))
      // Inline, so the theme's text colour does not override the line's colour; models keep the muted one (style.css).
      .style('fill', (e) => (e.model ? null : e.color))
      .text((e) => e.text);

    const busyText = busyNote(d);
    const rejected = d.points.filter((p) => p.verdict === 'implausible').map((p) => `${p.strategy} at ${workersText(p.workers)}: ${IMPLAUSIBLE}.`);
    const noisy = d.points.filter((p) => p.verdict === 'noisy').map((p) => `${p.strategy} at ${workersText(p.workers)}`);
    const busySpan = document.createElement('span');
    busySpan.className = 'gd-busy';
    busySpan.textContent = busyText ? `${busyText}; the ideal line uses the free cores.` : '';
    notes.replaceChildren(
      ...(busyText ? [busySpan, ' '] : []),
      [
        d.current ? `Measuring ${d.current.strategy} at ${workersText(d.current.workers)}...` : d.running && !d.points.length ? 'Warming up the workers until their speed is steady, then probing the free cores...' : '',
        ...rejected,
        noisyNote(noisy, d.points.filter((p) => p.verdict !== null).length),
        d.unsteady ? `${d.unsteady} worker${d.unsteady === 1 ? '' : 's'} never reached a steady speed in the warm-up.` : '',
        d.startupMs !== null ? `Starting a worker process: ${startupText(d)}, measured.` : '',
        // The pairs each figure rests on, said once for the chart (the end labels have no room for them).
        d.points.some((p) => p.spread != null) ? `Bars: 95% interval, ${pairsRange(d.points.filter((p) => p.spread != null).map((p) => p.pairs.length))} interleaved pairs a point.` : '',
      ]
        .filter(Boolean)
        .join(' '),
    );

    updateLegend(d);
  }

  return {
    draw: paint,
    destroy() {
      svg.remove();
      notes.remove();
      legend.remove();
    },
  };
}
