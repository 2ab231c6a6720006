// @vitest-environment jsdom
import { expect, test, vi } from 'vitest';
import { initialSpeedup, type SpeedupData, withPair } from '../../../src/widgets/speedup/model.js';
import { speedupView } from '../../../src/widgets/speedup/view.js';
import { roundedMarkup } from '../../support/svg.js';

const empty = initialSpeedup({ strategies: ['threads', 'free-threading'], workload: 'primes', cores: 2, maxWorkers: 0, serialFraction: 0.05, seconds: 0.25 });

test('before a run the axes and the modelled lines are drawn, labelled as models, with no measured point', () => {
  const root = document.createElement('div');
  const view = speedupView(root);
  view.draw(empty);
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('.gd-axis-x .tick text')].map((t) => t.textContent)).toEqual(['1', '2', '4']);
  expect(svg.querySelectorAll('path.gd-model')).toHaveLength(2);
  expect([...svg.querySelectorAll('path.gd-model')].every((p) => p.getAttribute('stroke-dasharray'))).toBe(true);
  expect(svg.querySelectorAll('text.gd-model-label')).toHaveLength(2);
  expect(svg.querySelector('.gd-modelled-note')!.textContent).toBe('modelled (dashed): ideal and Amdahl (serial fraction 5%)');
  expect(svg.querySelectorAll('path.gd-point')).toHaveLength(0);
  expect(root.querySelector('.gd-w-legend')!.textContent).toBe('threads (measured)free-threading (measured)ideal (modelled)Amdahl, 5% serial (modelled)');
  view.destroy();
  expect(root.children).toHaveLength(0);
});

test('measured points appear as they arrive: solid lines, a marker shape per strategy, a label at each line end', async () => {
  let clock = 1000;
  vi.spyOn(performance, 'now').mockImplementation(() => clock);
  const root = document.createElement('div');
  const view = speedupView(root);
  let d = empty;
  for (const [n, t, f] of [[1, 1.0, 0.98], [2, 0.97, 1.9], [4, 0.95, 1.95]] as const) {
    // Two pairs per point, 2% apart: each point gets its 95% interval.
    d = withPair(withPair(d, 'threads', n, { seqMs: 250, wallMs: 250 / t }), 'threads', n, { seqMs: 250, wallMs: 255 / t });
    d = withPair(withPair(d, 'free-threading', n, { seqMs: 250, wallMs: 250 / f }), 'free-threading', n, { seqMs: 250, wallMs: 255 / f });
    if (n === 1) {
      view.draw({ ...d, running: true, current: { strategy: 'threads', workers: 2 } });
      clock += 1000;
      expect(root.querySelectorAll('path.gd-point')).toHaveLength(2);
      expect(root.querySelector('.gd-speedup-notes')!.textContent).toBe('Measuring threads at 2 workers... Bars: 95% interval, 2 interleaved pairs a point.');
      // While the lines grow, each label follows its line's newest point; the models' stay at the right end.
      const labelX = (t: string) => Number([...root.querySelectorAll('text.gd-end-label')].find((e) => e.textContent!.startsWith(t))!.getAttribute('x'));
      expect(labelX('threads')).toBe(84 + 12);
      expect(labelX('ideal')).toBeGreaterThan(500);
    }
  }
  view.draw({ ...d, startupMs: 41.26 });
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('path.gd-point')).toHaveLength(6);
  expect(svg.querySelectorAll('path.gd-measured:not([stroke-dasharray])')).toHaveLength(2);
  const shapes = new Set([...svg.querySelectorAll('g.gd-series')].map((g) => g.querySelector('path.gd-point')!.getAttribute('d')));
  expect(shapes.size).toBe(2);
  expect([...svg.querySelectorAll('text.gd-end-label')].map((t) => t.textContent)).toEqual(['threads 0.94x ±0.12', 'free-threading 1.93x ±0.24', 'ideal (modelled)', 'Amdahl (modelled)']);
  // Every measured point shows its interval as an error bar.
  expect(svg.querySelectorAll('path.gd-errorbar')).toHaveLength(6);
  // Only the points that arrived in the last moment fade in.
  expect(svg.querySelectorAll('path.gd-point.gd-new')).toHaveLength(4);
  vi.restoreAllMocks();
  const labelYs = [...svg.querySelectorAll('text.gd-end-label')].map((t) => Number(t.getAttribute('y'))).sort((a, b) => a - b);
  expect(labelYs.every((y, i) => i === 0 || y - labelYs[i - 1]! >= 20 - 1e-9)).toBe(true);
  expect(svg.querySelector('.gd-cores-label')!.textContent).toBe('2 cores');
  expect(root.querySelector('.gd-speedup-notes')!.textContent).toBe('Starting a worker process: 41.3 ms, measured. Bars: 95% interval, 2 interleaved pairs a point.');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
});

test('a busy device is said under the chart and the ideal line bends at the free cores; an impossible point is not drawn', () => {
  const root = document.createElement('div');
  const view = speedupView(root);
  let d: SpeedupData = { ...empty, available: 1.3 };
  d = withPair(withPair(d, 'threads', 1, { seqMs: 250, wallMs: 250 }), 'threads', 1, { seqMs: 250, wallMs: 252 });
  d = { ...d, points: [...d.points, { strategy: 'free-threading' as const, workers: 2, speedup: NaN, spread: null, low: null, high: null, pairs: [], verdict: 'implausible' as const }] };
  view.draw(d);
  const notes = root.querySelector('.gd-speedup-notes')!;
  expect(notes.querySelector('.gd-busy')!.textContent).toBe('1.3 of 2 cores free: another program is busy; the ideal line uses the free cores.');
  expect(notes.textContent).toContain('free-threading at 2 workers: implausible: device speed changed.');
  expect(root.querySelectorAll('g.gd-series[data-strategy="free-threading"] path.gd-point')).toHaveLength(0);
  expect([...root.querySelectorAll('text.gd-end-label')].map((t) => t.textContent)).toContain('ideal, 1.3 cores (modelled)');
  view.destroy();
});
