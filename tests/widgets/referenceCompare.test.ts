// @vitest-environment jsdom
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { expect, test } from 'vitest';
import type { CompareData } from '../../src/widgets/compare/model.js';
import { compareWidget } from '../../src/widgets/compare/widget.js';
import { type ReferenceRun, referenceLabel } from '../../src/widgets/referenceRun.js';
import { publishResult } from '../../src/widgets/results.js';

// The default talk's recorded compare run: its cells were measured, but on Node ahead of time, not on this device.
const dir = resolve(import.meta.dirname, '../../slides/.gildeck/references');
const file = readdirSync(dir).find((f) => f.startsWith('compare-'))!;
const recorded = JSON.parse(readFileSync(join(dir, file), 'utf8')) as ReferenceRun<CompareData>;

test('a compare table shown as a reference run never calls its numbers measured on this device', () => {
  expect(recorded.data.metrics.length, 'the recorded run measured something').toBeGreaterThan(0);
  const label = referenceLabel(recorded);
  // The page carries the deck's recordings: real CPython's figures (python=) show in print too.
  const python = String(recorded.attributes.python);
  const script = Object.assign(document.createElement('script'), { type: 'application/json', id: 'gildeck-recordings' });
  script.textContent = JSON.stringify({ [python]: readFileSync(resolve(import.meta.dirname, '../../slides', python), 'utf8') });
  document.head.append(script);
  const data = compareWidget.asReference!(recorded.data, label, recorded.attributes as never);
  const root = document.createElement('div');
  compareWidget.view(root, compareWidget.spec.attributes as never).draw(data);
  const text = root.textContent!;
  expect(text).not.toMatch(/measured/i);
  expect(text).toContain('reference run: recorded ahead (see above), not on this device');
  expect(text).toMatch(/real CPython: 1\.\d\dx ±0\.\d\d/);
  expect(text).toMatch(/real CPython 3\.\d+\.\d+ \(GIL\): recorded \d{4}-\d\d-\d\d, Linux, 2 cores, 6 pairs each/);
  expect(root.querySelectorAll('[data-provenance="recorded"]').length).toBeGreaterThan(0);
  expect(root.querySelectorAll('[data-provenance="measured"]').length).toBe(0);
  const summary = compareWidget.summary(data);
  expect(summary).not.toMatch(/measured on this device/i);
  expect(summary).toMatch(/reference run \(Node \d+ worker threads, \d+ cores?, \d{4}-\d\d-\d\d(, [^)]*)?\)/);
});

test('a reference table stays as recorded: the session\'s own numbers are not mixed into it', () => {
  publishResult({ widget: 'speedup', id: 'w-9', data: null, summary: '', mode: '', at: Date.now(), final: true, metrics: [{ key: 'speedup:threads', label: '', value: 9.99, unit: 'x', workers: 2 }] });
  const root = document.createElement('div');
  compareWidget.view(root, compareWidget.spec.attributes as never).draw(compareWidget.asReference!(recorded.data, referenceLabel(recorded), recorded.attributes as never));
  expect(root.textContent).not.toContain('9.99x');
});
