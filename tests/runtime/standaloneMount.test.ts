import { describe, expect, test } from 'vitest';
import type { MountMode } from '../../src/widgets/element.js';
import { type MountHost, type RevealLike, StandaloneMounter } from '../../src/runtime/standaloneMount.js';

/** A widget element as the mounter sees it: where it is, and what it was told. */
function widget(inDeck = false) {
  const w = {
    state: null as MountMode | null,
    log: [] as string[],
    closest: (sel: string) => (sel === '.reveal' && inDeck ? ({} as Element) : null),
    mount(mode: MountMode) {
      w.state = mode;
      w.log.push(`mount ${mode}`);
    },
    unmount() {
      w.state = null;
      w.log.push('unmount');
    },
  };
  return w as typeof w & Element;
}

function fakeHost() {
  let onChange: Parameters<MountHost['observe']>[0] = () => {};
  let ready: () => void = () => {};
  let hide: () => void = () => {};
  const host = {
    revealDeck: null as RevealLike | null,
    reveal: () => host.revealDeck,
    observe: (f: typeof onChange) => ((onChange = f), { observe: () => {}, unobserve: () => {} }),
    whenReady: (f: () => void) => void (ready = f),
    onPageHide: (f: () => void) => void (hide = f),
    nextFrame: (f: () => void) => f(),
    scroll: (target: Element, isIntersecting: boolean) => onChange([{ target, isIntersecting }]),
    loaded: () => ready(),
    hidePage: () => hide(),
  };
  return host;
}

function fakeReveal() {
  const listeners = new Map<string, Array<() => void>>();
  const deck = {
    ready: false,
    current: null as unknown,
    layouts: 0,
    on: (e: string, f: () => void) => void listeners.set(e, [...(listeners.get(e) ?? []), f]),
    isReady: () => deck.ready,
    getCurrentSlide: () => ({ contains: (w: unknown) => w === deck.current }) as Element,
    layout: () => void deck.layouts++,
    emit: (e: string) => listeners.get(e)?.forEach((f) => f()),
  };
  return deck;
}

describe('widgets on a page gildeck did not build', () => {
  test('a widget runs only while it intersects the viewport, and stops when it leaves, is removed or the page hides', () => {
    const host = fakeHost();
    const m = new StandaloneMounter(host);
    const w = widget();
    m.track(w);
    host.scroll(w, true);
    // Before the page's scripts have run, nothing starts (a reveal.js loaded after the bundle would be missed).
    expect(w.state).toBe(null);
    host.loaded();
    expect(w.state).toBe('live');
    host.scroll(w, false);
    expect(w.state).toBe(null);
    host.scroll(w, true);
    m.untrack(w);
    expect(w.log).toEqual(['mount live', 'unmount', 'mount live', 'unmount']);
    const v = widget();
    m.track(v);
    host.scroll(v, true);
    host.hidePage();
    expect(v.log).toEqual(['mount live', 'unmount']);
    expect(m.mountedCount).toBe(0);
  });

  test("in a reveal.js deck nothing runs before it is ready, then only the current slide's widgets, whatever the viewport says", () => {
    const host = fakeHost();
    const deck = fakeReveal();
    host.revealDeck = deck;
    // reveal.js answers getCurrentSlide() before it is ready, too (its first slide): not yet a slide shown.
    deck.current = widget(true);
    const m = new StandaloneMounter(host);
    host.loaded();
    const [a, b] = [deck.current as ReturnType<typeof widget>, widget(true)];
    m.track(a);
    m.track(b);
    host.scroll(a, true);
    host.scroll(b, true);
    expect([a.state, b.state]).toEqual([null, null]);
    deck.ready = true;
    deck.emit('ready');
    expect([a.state, b.state]).toEqual(['live', null]);
    deck.current = b;
    deck.emit('slidechanged');
    expect([a.state, b.state]).toEqual([null, 'live']);
    // A mounted widget is taller than its placeholder: the deck lays the slide out again.
    expect(deck.layouts).toBe(2);
    // A widget outside the deck on the same page still follows the viewport.
    const outside = widget(false);
    m.track(outside);
    host.scroll(outside, true);
    expect(outside.state).toBe('live');
  });
});
