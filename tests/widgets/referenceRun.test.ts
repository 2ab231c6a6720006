// @vitest-environment jsdom
import { afterEach, expect, test } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { attr, defineWidget } from '../../src/widgets/attributes.js';
import type { WidgetDefinition } from '../../src/widgets/definition.js';
import { liveElement, provideEngine } from '../../src/widgets/liveElement.js';
import { NO_REFERENCE, pageReference, type ReferenceRun, referenceKey, referenceLabel } from '../../src/widgets/referenceRun.js';
import { publishResult } from '../../src/widgets/results.js';

const spec = defineWidget({ name: 'probe-ref', summary: 'test', attributes: { n: attr.int(1, 9, 1, 'n'), mode: attr.text('a', 'mode') } });
const drawn: Array<{ n: number; origin?: string }> = [];
const probe: WidgetDefinition<typeof spec.attributes, { n: number; origin?: string }> = {
  spec,
  initial: () => ({ n: 0 }),
  view: () => ({ draw: (d) => void drawn.push(d), destroy: () => undefined }),
  summary: (d) => (d.origin ? `n was ${d.n} in the ${d.origin}` : `n was ${d.n} on this device`),
  run: async ({ values }) => ({ n: values.n }),
  asReference: (d, label) => ({ ...d, origin: label }),
};
provideEngine(() => ({ host: { sharedMemory: true, cores: 2 }, releaseIdle: async () => undefined }) as unknown as Engine);
customElements.define('gd-probe-ref', liveElement(probe));

const run = (values: Record<string, unknown>, n: number): ReferenceRun => ({
  widget: 'probe-ref',
  key: referenceKey('probe-ref', values as never),
  attributes: values as never,
  recordedAt: '2026-11-29T14:05:00.000Z',
  runtime: 'Node 20 worker threads',
  cores: 2,
  engine: 'gildeck 0.1.0, worker abc',
  data: { n },
  summary: `n was ${n} on this device`,
});

function embed(runs: ReferenceRun[]) {
  document.getElementById('gildeck-references')?.remove();
  const s = document.createElement('script');
  s.type = 'application/json';
  s.id = 'gildeck-references';
  s.textContent = JSON.stringify(Object.fromEntries(runs.map((r) => [r.key, r])));
  document.head.append(s);
}

function printed(attrs: Record<string, string>, id = 'w-1-0-0') {
  const el = document.createElement('gd-probe-ref') as HTMLElement & { mount(m: string): void };
  el.id = id;
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  document.body.append(el);
  el.mount('print');
  return { status: el.querySelector('.gd-w-status')!.textContent, summary: el.querySelector('.gd-w-summary')!.textContent, provenance: el.getAttribute('data-provenance') };
}

afterEach(() => {
  document.body.replaceChildren();
  localStorage.clear();
  drawn.length = 0;
});

test('a configuration has one key, whatever order its attributes were written in, and another configuration another', () => {
  expect(referenceKey('timeline', { workers: 4, strategy: 'threads' })).toBe(referenceKey('timeline', { strategy: 'threads', workers: 4 }));
  expect(referenceKey('timeline', { workers: 4, strategy: 'threads' })).not.toBe(referenceKey('timeline', { workers: 2, strategy: 'threads' }));
  expect(referenceKey('timeline', { workers: 4 })).not.toBe(referenceKey('heatmap', { workers: 4 }));
  expect(referenceKey('race', { modes: ['threads', 'free-threading'] })).not.toBe(referenceKey('race', { modes: ['free-threading', 'threads'] }));
  expect(referenceKey('timeline', { workers: 4 })).toMatch(/^timeline-[0-9a-f]{12}$/);
});

test('the page gives a widget only the reference run of its own attributes, never another configuration\'s', () => {
  embed([run({ n: 3, mode: 'a' }, 3)]);
  expect(pageReference('probe-ref', { mode: 'a', n: 3 })?.data).toEqual({ n: 3 });
  expect(pageReference('probe-ref', { n: 4, mode: 'a' })).toBeNull();
  // A file whose name says one configuration but whose content holds another is not trusted.
  embed([{ ...run({ n: 3, mode: 'a' }, 3), key: referenceKey('probe-ref', { n: 5, mode: 'a' }) }]);
  expect(pageReference('probe-ref', { n: 5, mode: 'a' })).toBeNull();
});

test('print view shows an instance\'s own reference run, labelled with where and when it ran and what the view must call it', () => {
  embed([run({ n: 3, mode: 'a' }, 3)]);
  const shown = printed({ n: '3' });
  expect(shown.status).toBe('reference run: Node 20 worker threads, 2 cores, 2026-11-29');
  expect(shown.provenance).toBe('reference');
  expect(drawn.at(-1)).toEqual({ n: 3, origin: 'reference run: Node 20 worker threads, 2 cores, 2026-11-29' });
  expect(shown.summary).not.toMatch(/this device/);
});

test('print view says an instance has no reference run for its settings instead of showing another configuration\'s', () => {
  embed([run({ n: 3, mode: 'a' }, 3)]);
  const shown = printed({ n: '7' });
  expect(shown.status).toBe(NO_REFERENCE);
  expect(shown.provenance).toBe('none');
  expect(drawn.at(-1)).toEqual({ n: 0 });
});

test('print view prefers the run measured on this device, labelled with when and where, if it measured these settings', () => {
  embed([run({ n: 3, mode: 'a' }, 3)]);
  const at = new Date(2026, 10, 29, 14, 5).getTime();
  publishResult({ widget: 'probe-ref', id: 'w-1-0-0', key: referenceKey('probe-ref', { n: 3, mode: 'a' }), data: { n: 30 }, summary: 'n was 30', mode: '', at, final: true });
  const shown = printed({ n: '3' });
  expect(shown.status).toMatch(/^measured 2026-11-29 14:05 on this device, \w+/);
  expect(shown.provenance).toBe('measured');
  // The same widget with other attributes (the slide was edited since) falls back to its own reference, or none.
  document.body.replaceChildren();
  expect(printed({ n: '7' }).status).toBe(NO_REFERENCE);
});

test('a reference run recorded while other programs kept the machine busy says so in its label', () => {
  const idle = { ...run({ n: 3 }, 3), busyCores: 0.1 };
  expect(referenceLabel(idle)).toBe('reference run: Node 20 worker threads, 2 cores, 2026-11-29');
  expect(referenceLabel({ ...idle, busyCores: 1.3 })).toBe('reference run: Node 20 worker threads, 2 cores, 2026-11-29, 1.3 cores busy with other programs');
});
