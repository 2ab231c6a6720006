// @vitest-environment jsdom
import { afterEach, expect, test } from 'vitest';
import type { Engine } from '../../src/engine/index.js';
import { attr, defineWidget } from '../../src/widgets/attributes.js';
import type { WidgetDefinition } from '../../src/widgets/definition.js';
import { liveElement, provideEngine } from '../../src/widgets/liveElement.js';

/** A widget whose run lasts until it is cancelled (its "workers" take 30 ms to stop), counting runs in flight. */
let active = 0;
const spec = defineWidget({ name: 'probe', summary: 'test', attributes: { n: attr.int(1, 9, 1, 'n') } });
const probe: WidgetDefinition<typeof spec.attributes, { n: number }> = {
  spec,
  initial: () => ({ n: 0 }),
  view: () => ({ draw: () => undefined, destroy: () => undefined }),
  summary: (d) => `probe ${d.n}`,
  run: ({ signal, track }) =>
    new Promise((resolve, reject) => {
      active++;
      let done = false;
      const stop = () => {
        if (done) return;
        done = true;
        setTimeout(() => {
          active--;
          reject(new Error('cancelled'));
        }, 30);
      };
      track({ cancel: async () => stop() });
      if (signal.aborted) stop();
      void resolve;
    }),
};
provideEngine(() => ({ host: { sharedMemory: true, cores: 2 }, releaseIdle: async () => undefined }) as unknown as Engine);
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
  const failing: WidgetDefinition<typeof spec.attributes, { n: number }> = { ...probe, spec: { ...spec, name: 'failing' }, run: async () => { runs++; throw new Error('worker 1 stopped answering'); } };
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
  provideEngine(() => ({ host: { sharedMemory: false, cores: 2 }, releaseIdle: async () => undefined }) as unknown as Engine);
  try {
    const el = document.createElement('gd-probe') as HTMLElement & { mount(m: string): void; unmount(): void };
    document.body.append(el);
    el.mount('live');
    const badge = el.querySelector('.gd-w-badge')!;
    expect(badge.textContent).toMatch(/message fallback.*scheduling approximate/);
    expect(badge.getAttribute('title')).toMatch(/approximate/);
    el.unmount();
  } finally {
    provideEngine(() => ({ host: { sharedMemory: true, cores: 2 }, releaseIdle: async () => undefined }) as unknown as Engine);
  }
});
