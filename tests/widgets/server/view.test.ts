// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { serverInitial, type ServerData } from '../../../src/widgets/server/model.js';
import { logTicks, serverView } from '../../../src/widgets/server/view.js';
import { roundedMarkup } from '../../support/svg.js';

const initial = serverInitial({ strategies: ['threads', 'free-threading'], workers: 4, cpuMs: 5, ioMs: 5, maxRate: 300, steps: 3, duration: 0.25 });
const finished: ServerData = {
  ...initial,
  mode: 'shared-memory',
  series: [
    { strategy: 'threads', aloneMs: 12.4, aloneRange: { low: 12.1, high: 13, n: 4 }, aloneCpuMs: 5.1, aloneIoMs: 5, points: [{ rate: 100, rps: 98, rpsSpread: 3.2, ceilingRps: 190, ceilingSpread: 6, p50: 12, p99: 20, serviceP50: 12, serviceP99: 20, requests: 25 }, { rate: 200, rps: 150, rpsSpread: 4.4, ceilingRps: 180, p50: 80, p99: 160, serviceP50: 20, serviceP99: 30, requests: 40 }] },
    { strategy: 'free-threading', aloneMs: 11, points: [{ rate: 100, rps: 99, p50: 11, p99: 15, serviceP50: 11, serviceP99: 15, requests: 25 }, { rate: 200, rps: 197, p50: 12, p99: 18.5, serviceP50: 12, serviceP99: 18.5, requests: 50 }] },
  ],
};

test('log ticks are 1-2-5 per decade, only powers of ten when crowded', () => {
  expect(logTicks([3, 300])).toEqual([5, 10, 20, 50, 100, 200]);
  expect(logTicks([1, 100_000])).toEqual([1, 10, 100, 1000, 10_000, 100_000]);
});

test('the server view draws throughput and p99 against offered load, one line and marker shape per server, and a table', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = serverView(root);
  view.draw(initial);
  const svg = root.querySelector('svg')!;
  // The first frame: both charts' axes, the legend and an empty table.
  expect(svg.querySelectorAll('g.gd-axis')).toHaveLength(4);
  expect([...svg.querySelectorAll('g.gd-server-row')].map((r) => r.textContent)).toEqual(['serveralone ms (CPU+I/O)peak req/sGIL max req/sp50 200/s ◆p99 ◆', 'threads–––––', 'free-threading–––––']);
  // Nothing measured yet: no notes on spreads under the table.
  expect(svg.querySelectorAll('text.gd-server-note')).toHaveLength(0);
  view.draw(finished);
  expect([...svg.querySelectorAll('g.gd-server-legend text')].map((t) => t.textContent)).toEqual(['threads', 'free-threading']);
  expect(svg.querySelectorAll('g.gd-server-rps path.gd-server-marker')).toHaveLength(4);
  // Markers differ in shape per server, not only in colour.
  const shapes = new Set([...svg.querySelectorAll('g.gd-server-legend path')].map((p) => p.getAttribute('d')));
  expect(shapes.size).toBe(2);
  // Latency lines are dashed: their queueing is modelled.
  expect(svg.querySelector('g.gd-server-p99 g.gd-server-series > path')!.getAttribute('stroke-dasharray')).toBe('7 4');
  expect(svg.querySelector('g.gd-server-rps g.gd-server-series > path')!.getAttribute('stroke-dasharray')).toBeNull();
  expect(svg.querySelector('g.gd-server-p99 .gd-server-title')!.textContent).toContain('modelled');
  expect([...svg.querySelectorAll('g.gd-server-row')][1]!.textContent).toBe('threads12.4 (5.1 + 5.0)150 ±4≤ 190 ±680 ms160 ms');
  // Under the table, what its figures rest on: what "alone" and ± are, and the range "alone" came from.
  expect([...svg.querySelectorAll('text.gd-server-note')].map((t) => t.textContent)).toEqual([
    'alone: the middle one of 4 requests to an idle worker · ±: 95% interval over 4 windows of the load step\'s answers',
    "alone's range, ms: threads 12.1–13",
  ]);
  // The GIL server's ceiling is drawn over its throughput, which stays below it; a server without a GIL has none.
  expect([...svg.querySelectorAll('g.gd-server-ceiling text')].map((t) => t.textContent)).toEqual(['threads: its GIL allows ≤ 190/s']);
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});
