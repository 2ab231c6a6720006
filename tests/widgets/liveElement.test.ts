// @vitest-environment jsdom
import { afterEach, expect, test } from 'vitest';
import { attr, defineWidget } from '../../src/widgets/attributes.js';
import type { WidgetDefinition } from '../../src/widgets/definition.js';
import { liveElement, provideSource, TOO_FAST } from '../../src/widgets/liveElement.js';
import { storedResult } from '../../src/widgets/results.js';
import type { TraceSource } from '../../src/widgets/source.js';
import { EventKind, type TraceEvent } from '../../src/engine/index.js';

/** A source whose runs last until they are stopped (its "workers" take 30 ms to stop), counting runs in flight. */
let active = 0;
const source = (sharedMemory = true): TraceSource => ({
  host: { sharedMemory, cores: 2 },
  mode: sharedMemory ? 'shared-memory' : 'message-fallback',
  probes: null,
  release: async () => undefined,
  play: (_spec, signal) =>
    new Promise((_resolve, reject) => {
      active++;
      const stop = () =>
        setTimeout(() => {
          active--;
          reject(new Error('cancelled'));
        }, 30);
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop, { once: true });
    }),
});
const spec = defineWidget({ name: 'probe', summary: 'test', attributes: { n: attr.int(1, 9, 1, 'n') } });
const probe: WidgetDefinition<typeof spec.attributes, { n: number; mode: null }> = {
  spec,
  initial: () => ({ n: 0, mode: null }),
  view: () => ({ draw: () => undefined, destroy: () => undefined }),
  summary: (d) => `probe ${d.n}`,
  work: async ({ trace }) => {
    await trace({ strategy: 'threads', workers: 1, workload: 'primes', seconds: 1 });
    return { n: 1, mode: null };
  },
};
provideSource(() => source());
customElements.define('gd-probe', liveElement(probe));
const settle = () => new Promise((r) => setTimeout(r, 120));

afterEach(() => document.body.replaceChildren());

test('pressing Run again while a run is stopping leaves exactly one run going', async () => {
  const el = document.createElement('gd-probe') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
  document.body.append(el);
  el.mount('live');
  void el.run();
  void el.run();
  void el.run();
  await settle();
  expect(active).toBe(1);
  el.unmount();
  await settle();
  expect(active).toBe(0);
});

test('leaving the slide right after Run starts nothing that outlives the slide', async () => {
  const el = document.createElement('gd-probe') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
  document.body.append(el);
  el.mount('live');
  void el.run();
  void el.run();
  el.unmount();
  await settle();
  expect(active).toBe(0);
  expect(el.getAttribute('data-mounted')).toBeNull();
});

test('after a run fails, one press of the Run button runs again (it is not taken as Stop)', async () => {
  let runs = 0;
  const failing: WidgetDefinition<typeof spec.attributes, { n: number; mode: null }> = { ...probe, spec: { ...spec, name: 'failing' }, work: async () => { runs++; throw new Error('worker 1 stopped answering'); } };
  customElements.define('gd-failing', liveElement(failing));
  const el = document.createElement('gd-failing') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
  document.body.append(el);
  el.mount('live');
  await el.run();
  expect(el.getAttribute('data-state')).toBe('error');
  expect(el.querySelector('[aria-live]')!.textContent).toBe('Error: worker 1 stopped answering');
  el.querySelector<HTMLButtonElement>('.gd-w-run')!.click();
  await settle();
  expect(runs).toBe(2);
});

test('without shared memory the badge says the scheduling is approximate', () => {
  provideSource(() => source(false));
  try {
    const el = document.createElement('gd-probe') as HTMLElement & { mount(m: string): void; unmount(): void };
    document.body.append(el);
    el.mount('live');
    const badge = el.querySelector('.gd-w-badge')!;
    expect(badge.textContent).toMatch(/message fallback.*scheduling approximate/);
    expect(badge.getAttribute('title')).toMatch(/approximate/);
    el.unmount();
  } finally {
    provideSource(() => source());
  }
});

test('a live run is drawn from one frame loop: a hundred engine reports between two frames make one drawing', async () => {
  let draws = 0;
  let report: (events: readonly TraceEvent[]) => void = () => undefined;
  let playing!: () => void;
  const started = new Promise<void>((r) => (playing = r));
  const chatty = defineWidget({ name: 'chatty', summary: 'test', attributes: {} });
  const def: WidgetDefinition<typeof chatty.attributes, { n: number; mode: null }> = {
    spec: chatty,
    initial: () => ({ n: 0, mode: null }),
    view: () => ({ draw: () => void draws++, destroy: () => undefined }),
    summary: (d) => `${d.n}`,
    work: async ({ trace }) => {
      await trace({ strategy: 'threads', workers: 1, workload: 'primes', seconds: 1 }, (events) => ({ n: events.length, mode: null }));
      return { n: 0, mode: null };
    },
  };
  customElements.define('gd-chatty', liveElement(def));
  provideSource(() => ({ ...source(), play: (_spec, signal, onEvents) => ((report = onEvents), playing(), new Promise((_r, reject) => signal.addEventListener('abort', () => reject(new Error('stopped'))))) }));
  try {
    const el = document.createElement('gd-chatty') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
    document.body.append(el);
    el.mount('live');
    void el.run();
    await started;
    await new Promise((r) => setTimeout(r, 40));
    const before = draws;
    const events: TraceEvent[] = [];
    for (let i = 0; i < 100; i++) {
      events.push({ t: i, worker: 0, kind: EventKind.Progress, a: 0, b: 0, c: 0 });
      report(events);
    }
    expect(draws).toBe(before);
    await new Promise((r) => setTimeout(r, 40));
    expect(draws).toBe(before + 1);
    el.unmount();
  } finally {
    provideSource(() => source());
  }
});

test('the status clock reads as every duration in the deck does: "running · 100 ms", "done in 200 ms"', async () => {
  const slowSpec = defineWidget({ name: 'slow', summary: 'test', attributes: {} });
  const slow: WidgetDefinition<typeof slowSpec.attributes, { n: number; mode: null }> = {
    spec: slowSpec,
    initial: () => ({ n: 0, mode: null }),
    view: () => ({ draw: () => undefined, destroy: () => undefined }),
    summary: (d) => `${d.n}`,
    work: async () => {
      await new Promise((r) => setTimeout(r, 250));
      return { n: 1, mode: null };
    },
  };
  customElements.define('gd-slow', liveElement(slow));
  const el = document.createElement('gd-slow') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
  document.body.append(el);
  el.mount('live');
  const done = el.run();
  await new Promise((r) => setTimeout(r, 120));
  const status = el.querySelector('.gd-w-status')!;
  expect(status.textContent).toMatch(/^running · \d+ ms$/);
  await done;
  expect(status.textContent).toMatch(/^done in \d+ ms$/);
  el.unmount();
});

test('after a run, a "trace" link downloads that run as Chrome Trace JSON; a new run or leaving the slide takes it away', async () => {
  const finishing: TraceSource = {
    ...source(),
    play: async (spec) => ({ mode: 'shared-memory', events: [{ t: 1, worker: 0, kind: EventKind.TaskStart, a: 0, b: 0, c: 0 }, { t: 5, worker: 0, kind: EventKind.TaskEnd, a: 0, b: 0, c: 0 }] as TraceEvent[], wallMs: 5, unitsPerMs: 1, counter: null, minWallMs: 0, workers: spec.workers, origin: 1000 }) as never,
  };
  provideSource(() => finishing);
  const blobs: Blob[] = [];
  URL.createObjectURL = (b: Blob) => (blobs.push(b), `blob:trace-${blobs.length}`);
  URL.revokeObjectURL = () => undefined;
  try {
    const el = document.createElement('gd-probe') as HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void> };
    el.id = 'p1';
    document.body.append(el);
    el.mount('live');
    const link = () => el.querySelector<HTMLAnchorElement>('a.gd-w-trace')!;
    expect(link().hidden).toBe(true);
    await el.run();
    expect(link().hidden).toBe(false);
    expect(link().download).toBe('probe-p1-trace.json');
    link().dispatchEvent(new MouseEvent('click', { cancelable: true }));
    expect(link().getAttribute('href')).toBe('blob:trace-1');
    const trace = JSON.parse(await blobs[0]!.text());
    expect(trace.traceEvents.some((e: { ph: string; name: string }) => e.ph === 'X' && e.name === 'task 0')).toBe(true);
    el.unmount();
    expect(link().hidden).toBe(true);
  } finally {
    provideSource(() => source());
  }
});

type Live = HTMLElement & { mount(m: string): void; unmount(): void; run(): Promise<void>; fail(message: string): void; readonly idleFor: number };

test('a widget announces each run as it starts and as it ends (gd-run), done, stopped or failed', async () => {
  const quick: WidgetDefinition<typeof spec.attributes, { n: number; mode: null }> = { ...probe, spec: { ...spec, name: 'quick' }, work: async () => ({ n: 2, mode: null }) };
  customElements.define('gd-quick', liveElement(quick));
  const states: string[] = [];
  document.addEventListener('gd-run', (e) => states.push((e as CustomEvent<{ state: string }>).detail.state));
  const done = document.createElement('gd-quick') as Live;
  document.body.append(done);
  done.mount('live');
  await done.run();
  const stopped = document.createElement('gd-probe') as Live;
  document.body.append(stopped);
  stopped.mount('live');
  const running = stopped.run();
  await settle();
  stopped.unmount();
  await running;
  expect(states).toEqual(['running', 'done', 'running', 'stopped']);
});

test('a run stopped as failed from outside (the kiosk watchdog) shows the reason as its error and ends its work', async () => {
  const el = document.createElement('gd-probe') as Live;
  document.body.append(el);
  el.mount('live');
  const run = el.run();
  await settle();
  expect(active).toBe(1);
  expect(el.idleFor).toBeGreaterThan(0);
  el.fail('no progress for 20 s: stopped by the kiosk\'s watchdog');
  await run;
  expect(el.getAttribute('data-state')).toBe('error');
  expect(el.querySelector('[aria-live]')!.textContent).toBe("Error: no progress for 20 s: stopped by the kiosk's watchdog");
  expect(active).toBe(0);
  expect(el.idleFor).toBe(0);
  el.unmount();
});

test('work stuck where its signal does not reach is given up 2 s after it was stopped as failed', async () => {
  const stuck: WidgetDefinition<typeof spec.attributes, { n: number; mode: null }> = { ...probe, spec: { ...spec, name: 'stuck' }, work: () => new Promise(() => undefined) };
  customElements.define('gd-stuck', liveElement(stuck));
  const el = document.createElement('gd-stuck') as Live;
  document.body.append(el);
  el.mount('live');
  const run = el.run();
  await settle();
  el.fail('no progress');
  await run;
  expect(el.getAttribute('data-state')).toBe('error');
  el.unmount();
});

test('a run that finished faster than its work can take here is drawn but said not to be a result, and its numbers are not kept', async () => {
  // 100 ms of work at the calibrated rate, done in 50 ms: the device sped up since it was measured.
  const tooFast = (wallMs: number): TraceSource => ({
    ...source(),
    play: async (spec) => ({ mode: 'shared-memory', events: [] as TraceEvent[], wallMs, unitsPerMs: 1, counter: null, minWallMs: 100, workers: spec.workers, origin: 1000 }) as never,
  });
  const measuringSpec = defineWidget({ name: 'measuring', summary: 'test', attributes: {} });
  const measuring: WidgetDefinition<typeof measuringSpec.attributes, { n: number; mode: null }> = {
    spec: measuringSpec,
    initial: () => ({ n: 0, mode: null }),
    view: () => ({ draw: () => undefined, destroy: () => undefined }),
    summary: () => 'took 50 ms',
    work: async ({ trace }) => ({ n: (await trace({ strategy: 'threads', workers: 1, workload: 'primes', seconds: 0.1 })).wallMs, mode: null }),
    metrics: (d) => [{ key: 'wall:threads', label: 'wall', value: d.n, unit: 'ms' }],
  };
  customElements.define('gd-measuring', liveElement(measuring));
  try {
    for (const [wallMs, kept] of [[50, false], [100, true]] as const) {
      provideSource(() => tooFast(wallMs));
      const el = document.createElement('gd-measuring') as Live;
      el.id = `m-${wallMs}`;
      document.body.append(el);
      el.mount('live');
      await el.run();
      const summary = el.querySelector('.gd-w-summary')!;
      const status = el.querySelector('.gd-w-status')!.textContent!;
      const stored = storedResult<{ n: number }>(el.id);
      if (kept) {
        expect(summary.classList.contains('gd-w-too-fast')).toBe(false);
        expect(status).not.toContain('not a result');
        expect(stored?.metrics).toHaveLength(1);
      } else {
        expect(summary.classList.contains('gd-w-too-fast')).toBe(true);
        expect(summary.textContent).toBe(`${TOO_FAST} took 50 ms`);
        expect(status).toMatch(/^done in .* · not a result$/);
        expect(stored?.metrics).toEqual([]);
      }
      el.unmount();
    }
  } finally {
    provideSource(() => source());
  }
});
