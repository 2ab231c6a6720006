// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { raceInitial } from '../../../src/widgets/race/model.js';
import { raceView } from '../../../src/widgets/race/view.js';
import { roundedMarkup } from '../../support/svg.js';

test('the race view draws one row per mode: expected outline, counted and lost bars, wall time, the GIL caveat', async () => {
  const root = document.createElement('div');
  document.body.append(root);
  const view = raceView(root);
  const initial = raceInitial(4, 1000, ['free-threading', 'free-threading-lock', 'threads']);
  view.draw(initial);
  const svg = root.querySelector('svg')!;
  expect([...svg.querySelectorAll('text.gd-race-count')].map((t) => t.textContent)).toEqual(['expected 4,000', 'expected 4,000', 'expected 4,000']);
  view.draw({
    ...initial,
    mode: 'shared-memory',
    rows: [
      { mode: 'free-threading', expected: 4000, actual: 2500, wallMs: 10 },
      { mode: 'free-threading-lock', expected: 4000, actual: 4000, wallMs: 80 },
      { mode: 'threads', expected: 4000, actual: 4000, wallMs: 20 },
    ],
  });
  expect([...svg.querySelectorAll('text.gd-race-label')].map((t) => t.textContent)).toEqual(['free-threading, no lock', 'free-threading, with a Lock', 'threads under the GIL, no lock']);
  expect(svg.querySelector('text.gd-race-count')!.textContent).toBe('2,500 of 4,000 · lost 1,500 (37.5%)');
  expect([...svg.querySelectorAll('text.gd-race-note')].map((t) => t.textContent)[2]).toContain('nothing guarantees it');
  await expect(roundedMarkup(svg)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('svg')).toBeNull();
});
