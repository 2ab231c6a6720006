import { describe, expect, test } from 'vitest';
import { ensureIsolation } from '../../src/runtime/isolation.js';

type Win = Parameters<typeof ensureIsolation>[0];

/** A window on a plain static host, each part replaceable. */
function fakeWindow(over: Record<string, unknown> = {}): { win: Win; registered: string[]; reloads: number } {
  const state = { registered: [] as string[], reloads: 0 };
  const store = new Map<string, string>();
  const win = {
    crossOriginIsolated: false,
    isSecureContext: true,
    location: { protocol: 'https:', reload: () => state.reloads++ },
    sessionStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
    navigator: {
      serviceWorker: {
        register: (url: string) => (state.registered.push(url), Promise.resolve({})),
        ready: Promise.resolve({}),
      },
    },
  };
  // Descriptors, not values: a getter that throws must throw when the code reads it.
  Object.defineProperties(win, Object.getOwnPropertyDescriptors(over));
  return { win: win as unknown as Win, get registered() { return state.registered; }, get reloads() { return state.reloads; } };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe('ensureIsolation', () => {
  test('on a plain static host it registers the deck\'s worker and reloads once per session', async () => {
    const w = fakeWindow();
    expect(ensureIsolation(w.win)).toBe(true);
    await settle();
    expect(w.registered).toEqual(['gildeck-sw.js']);
    expect(w.reloads).toBe(1);
    expect(ensureIsolation(w.win)).toBe(false);
  });

  test.each([
    ['already isolated (serve)', { crossOriginIsolated: true }],
    ['an insecure origin', { isSecureContext: false }],
    ['file://', { location: { protocol: 'file:', reload() {} } }],
    ['no service workers (private window, old browser)', { navigator: {} }],
  ])('%s: nothing is registered, nothing reloads', async (_, over) => {
    const w = fakeWindow(over);
    expect(ensureIsolation(w.win)).toBe(false);
    await settle();
    expect(w.registered).toEqual([]);
    expect(w.reloads).toBe(0);
  });

  test.each([
    ['navigator.serviceWorker throws (a sandboxed frame)', { navigator: Object.defineProperty({}, 'serviceWorker', { enumerable: true, get() { throw new DOMException('denied', 'SecurityError'); } }) }],
    ['sessionStorage throws (storage disabled)', { get sessionStorage() { throw new DOMException('denied', 'SecurityError'); } }],
  ])('%s: the deck goes on without isolation, nothing throws', async (_, over) => {
    const w = fakeWindow(over);
    expect(() => ensureIsolation(w.win)).not.toThrow();
    expect(ensureIsolation(w.win)).toBe(false);
  });

  test('a refused registration (private mode) neither throws nor reloads', async () => {
    const w = fakeWindow({ navigator: { serviceWorker: { register: () => Promise.reject(new Error('no')), ready: new Promise(() => undefined) } } });
    expect(ensureIsolation(w.win)).toBe(true);
    await settle();
    expect(w.reloads).toBe(0);
  });
});
