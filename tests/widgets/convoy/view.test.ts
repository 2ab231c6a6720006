// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { type ConvoyData, emptyConvoy, withBar } from '../../../src/widgets/convoy/model.js';
import { convoyView } from '../../../src/widgets/convoy/view.js';
import { roundedMarkup } from '../../support/svg.js';

function measured(): ConvoyData {
  let d = emptyConvoy({ competitors: 2, switchIntervalMs: 5, ioWaitMs: 0.2 });
  const bars = [
    ['threads', 0, 60, 700], ['free-threading', 0, 40, 95],
    ['threads', 1, 5150, 6300], ['free-threading', 1, 45, 90],
    ['threads', 2, 5200, 98000],
  ] as const;
  for (const [strategy, competitors, p50Us, p99Us] of bars) d = withBar(d, { strategy, competitors, n: 100, p50Us, p99Us, maxUs: p99Us, state: 'done' });
  return withBar(d, { strategy: 'free-threading', competitors: 2, n: 0, p50Us: null, p99Us: null, maxUs: null, state: 'running' }, { running: true, mode: 'shared-memory' });
}

test('grouped bars per competitor count, GIL beside free-threaded, on a log axis with the switch interval marked', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = convoyView(root);
  view.draw(measured());
  const svg = root.querySelector('svg')!;
  expect(svg.querySelector('g.gd-convoy-ref text')!.textContent).toBe('switch interval (5 ms)');
  expect([...svg.querySelectorAll('text.gd-convoy-group')].map((t) => t.textContent)).toEqual(['alone', 'beside 1 CPU-bound thread', 'beside 2 CPU-bound threads']);
  expect([...svg.querySelectorAll('text.gd-convoy-name')].map((t) => t.textContent)).toEqual(['GIL', 'no GIL', 'GIL', 'no GIL', 'GIL', 'no GIL']);
  expect([...svg.querySelectorAll('text.gd-convoy-value')].map((t) => t.textContent)).toEqual(['60 µs', '40 µs', '5.15 ms', '45 µs', '5.2 ms', 'measuring…']);
  expect([...svg.querySelectorAll('tspan.gd-convoy-p99-value')].map((t) => t.textContent)).toEqual(['700 µs', '95 µs', '6.3 ms', '90 µs', '98 ms', '']);
  expect([...svg.querySelectorAll('.gd-axis .tick text')].map((t) => t.textContent)).toEqual(['10 µs', '100 µs', '1 ms', '10 ms', '100 ms', '1 s']);
  // On the log axis a 5 ms bar rises past the 1 ms tick, a 45 us one stays under 100 us.
  const top = (i: number) => Number(svg.querySelectorAll('rect.gd-convoy-p50')[i]!.getAttribute('y'));
  const tick = (label: string) => Number([...svg.querySelectorAll('.gd-axis .tick')].find((t) => t.textContent === label)!.getAttribute('transform')!.match(/,([\d.]+)\)/)![1]);
  expect(top(2)).toBeLessThan(tick('1 ms'));
  expect(top(2)).toBeGreaterThan(tick('10 ms'));
  expect(top(3)).toBeGreaterThan(tick('100 µs'));
  expect(root.querySelector('.gd-convoy-definition')!.textContent).toContain("from the return of each I/O call (a 0.2 ms wait) to the thread's next call");
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});

test('before a run every group and bar slot is drawn, waiting to be measured', () => {
  const root = document.createElement('div');
  const view = convoyView(root);
  view.draw(emptyConvoy({ competitors: 2, switchIntervalMs: 5, ioWaitMs: 0.2 }));
  const svg = root.querySelector('svg')!;
  expect(svg.querySelectorAll('g.gd-convoy-bar[data-state="pending"]')).toHaveLength(6);
  expect([...svg.querySelectorAll('text.gd-convoy-value')].every((t) => t.textContent === '…')).toBe(true);
  expect(svg.querySelector('g.gd-convoy-ref text')!.textContent).toBe('switch interval (5 ms)');
  view.destroy();
});
