// @vitest-environment jsdom
import { symbol } from 'd3-shape';
import { expect, test } from 'vitest';
import { STRATEGY_NAMES } from '../../src/engine/index.js';
import { emptyConvoy, withBar } from '../../src/widgets/convoy/model.js';
import { convoyView } from '../../src/widgets/convoy/view.js';
import { serverInitial, type ServerData } from '../../src/widgets/server/model.js';
import { serverView } from '../../src/widgets/server/view.js';
import { STRATEGY_STYLE } from '../../src/widgets/strategyStyle.js';

const mount = () => document.body.appendChild(document.createElement('div'));

test('every strategy has its own colour and its own marker shape', () => {
  expect(new Set(STRATEGY_NAMES.map((s) => STRATEGY_STYLE[s].color)).size).toBe(STRATEGY_NAMES.length);
  expect(new Set(STRATEGY_NAMES.map((s) => STRATEGY_STYLE[s].shape)).size).toBe(STRATEGY_NAMES.length);
});

test('threads look the same in the convoy bars and the server chart as in the speedup chart: its colour, its marker', () => {
  const { color, shape } = STRATEGY_STYLE.threads;
  let convoy = emptyConvoy({ competitors: 1, switchIntervalMs: 5, ioWaitMs: 0.2 });
  for (const [strategy, competitors, p50Us] of [['threads', 0, 60], ['free-threading', 0, 40], ['threads', 1, 5150], ['free-threading', 1, 45]] as const) {
    convoy = withBar(convoy, { strategy, competitors, n: 100, p50Us, p99Us: p50Us * 2, maxUs: p50Us * 2, state: 'done' });
  }
  const c = mount();
  convoyView(c).draw(convoy);
  const bars = [...c.querySelectorAll('rect.gd-convoy-p50')].map((r) => (r as SVGElement).style.getPropertyValue('fill'));
  expect(bars).toEqual([color, STRATEGY_STYLE['free-threading'].color, color, STRATEGY_STYLE['free-threading'].color]);

  const initial = serverInitial({ strategies: ['threads', 'free-threading'], workers: 2, cpuMs: 5, ioMs: 5, maxRate: 200, steps: 2, duration: 0.25 });
  const point = { rate: 100, rps: 98, p50: 12, p99: 20, serviceP50: 12, serviceP99: 20, requests: 25 };
  const server: ServerData = { ...initial, series: initial.series.map((s) => ({ ...s, points: [point] })) };
  const s = mount();
  serverView(s).draw(server);
  const marker = s.querySelector('g.gd-server-legend path')!;
  expect((marker as SVGElement).style.getPropertyValue('fill')).toBe(color);
  expect(marker.getAttribute('d')).toBe(symbol(shape, 70)());
});
