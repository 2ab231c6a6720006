// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { initialCompare, type StampedMetric } from '../../../src/widgets/compare/model.js';
import { compareView } from '../../../src/widgets/compare/view.js';
import { roundedMarkup } from '../../support/svg.js';

const speedup: StampedMetric = { key: 'speedup:free-threading', label: '', value: 1.95, unit: 'x', workers: 2, at: 1 };

test('an accessible table: column and row headers, each cell saying measured or reference with its source', async () => {
  const root = document.createElement('div');
  const view = compareView(root);
  view.draw({ ...initialCompare(['threads', 'asyncio', 'free-threading'], [speedup]), pending: ['speedup:threads'], running: true });
  const table = root.querySelector('table')!;
  expect(table.querySelector('caption')!.textContent).toContain('measured: on this device');
  expect([...table.querySelectorAll('thead th')].map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([['col', 'threads (GIL)'], ['col', 'asyncio'], ['col', 'free-threading']]);
  expect([...table.querySelectorAll('tbody th')].map((th) => [th.getAttribute('scope'), th.textContent])).toEqual([
    ['row', 'Speedup on CPU-bound work'],
    ['row', 'Start-up cost'],
    ['row', 'Data-sharing cost'],
    ['row', 'Safety notes'],
  ]);
  const speedupCells = [...table.querySelectorAll('tr[data-row="speedup"] td')];
  expect(speedupCells.map((td) => td.getAttribute('data-provenance'))).toEqual(['measuring', 'reference', 'measured']);
  expect(speedupCells[2]!.textContent).toBe('1.95x at 2 workers measured');
  expect(speedupCells[1]!.querySelector('cite')!.textContent).toBe('asyncio docs');
  expect(table.querySelector('tr[data-row="safety"] td code')!.textContent).toBe('x += 1');
  await expect(roundedMarkup(table)).toMatchFileSnapshot('./__snapshots__/view.svg');
  view.destroy();
  expect(root.querySelector('table')).toBeNull();
});
