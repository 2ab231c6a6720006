// @vitest-environment jsdom
import { expect, test } from 'vitest';
import { parseAttributes } from '../../../src/widgets/attributes.js';
import { compareTable } from '../../../src/widgets/compare/model.js';
import { compareWidget } from '../../../src/widgets/compare/widget.js';
import { publishResult } from '../../../src/widgets/results.js';

const values = parseAttributes(compareWidget.spec, { columns: 'threads,free-threading' }, () => undefined).values;
const speedupResult = (value: number, at: number) => ({
  widget: 'speedup',
  id: 'w-speedup',
  data: null,
  summary: '',
  mode: 'shared-memory',
  at,
  final: true,
  metrics: [{ key: 'speedup:free-threading' as const, label: '', value, unit: 'x', workers: 2 }],
});

test('at mount the table holds what earlier slides measured this session, and a shown table takes in newer numbers', () => {
  expect(compareTable(compareWidget.initial(values, 2))[0]!.cells.map((c) => c.provenance)).toEqual(['reference', 'reference']);
  publishResult(speedupResult(1.9, 1000));
  const mounted = compareWidget.initial(values, 2);
  expect(compareTable(mounted)[0]!.cells.map((c) => [c.provenance, c.text])).toEqual([
    ['reference', '~1x: one thread runs Python at a time'],
    ['measured', '1.90x at 2 workers'],
  ]);

  // A stored compare run shown again later (e.g. coming back to the slide) is drawn with what was measured since.
  publishResult(speedupResult(1.7, 2000));
  const root = document.createElement('div');
  const view = compareWidget.view(root, values);
  view.draw(mounted);
  const cell = root.querySelector('tr[data-row="speedup"] td:nth-of-type(2)')!;
  expect(cell.getAttribute('data-provenance')).toBe('measured');
  expect(cell.querySelector('.gd-cell-value')!.textContent).toBe('1.70x at 2 workers');
  view.destroy();
});
