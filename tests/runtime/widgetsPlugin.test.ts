// @vitest-environment jsdom
import type { RevealApi } from 'reveal.js';
import { describe, expect, test } from 'vitest';
import type { ChunkLoader } from '../../src/runtime/chunks.js';
import { widgetsPlugin } from '../../src/runtime/widgetsPlugin.js';

const tick = (ms = 0) => new Promise((r) => setTimeout(r, ms));

/** A deck of slides, one widget element each, not yet defined (its code is a chunk not loaded yet). */
function deckOf(tag: string, slides: number, view: 'live' | 'print') {
  const reveal = document.createElement('div');
  reveal.className = 'reveal';
  const container = document.createElement('div');
  container.className = 'slides';
  reveal.append(container);
  document.body.replaceChildren(reveal);
  const sections = Array.from({ length: slides }, () => {
    const s = document.createElement('section');
    s.append(document.createElement(tag));
    container.append(s);
    return s;
  });
  const handlers = new Map<string, Array<() => void>>();
  let current = 0;
  const deck = {
    isSpeakerNotes: () => false,
    isPrintView: () => view === 'print',
    on: (type: string, f: () => void) => handlers.set(type, [...(handlers.get(type) ?? []), f]),
    getRevealElement: () => reveal,
    getCurrentSlide: () => sections[current],
    getIndices: () => ({ h: current, v: 0 }),
    getSlide: (h: number, v = 0) => (v === 0 ? sections[h] : undefined),
    layout: () => undefined,
    addKeyBinding: () => undefined,
  };
  const fire = (type: string) => handlers.get(type)?.forEach((f) => f());
  return { deck: deck as unknown as RevealApi, sections, container, fire, go: (i: number) => ((current = i), fire('slidechanged')) };
}

/** The widget's code: defining the element, as its chunk does when it runs. */
function demoWidget() {
  return class extends HTMLElement {
    mount(mode: string) {
      this.setAttribute('data-mounted', mode);
    }
    unmount() {
      this.removeAttribute('data-mounted');
    }
  };
}

/** A loader whose one widget unit defines its element `delayMs` after it is asked for. */
function loaderFor(tag: string, delayMs: number) {
  let loaded: Promise<unknown> | null = null;
  return {
    widgetSelector: tag,
    required: () => (customElements.get(tag) ? {} : undefined),
    load: () =>
      (loaded ??= tick(delayMs).then(() => {
        customElements.define(tag, demoWidget());
        return {};
      })),
  } as unknown as ChunkLoader;
}

describe('the widgets plugin', () => {
  test('print view mounts every widget, even when its code arrives while reveal.js has the slides in detached pages', async () => {
    const tag = 'gd-print-demo';
    const { deck, sections, container, fire } = deckOf(tag, 3, 'print');
    widgetsPlugin(loaderFor(tag, 5)).init!(deck);
    fire('ready');
    // reveal.js's print layout: each slide into a page of its own, the pages added to the document frames later.
    const pages = sections.map((s) => {
      const page = document.createElement('div');
      page.className = 'pdf-page';
      page.append(s);
      return page;
    });
    await tick(20);
    container.append(...pages);
    fire('pdf-ready');
    await tick(20);
    expect(Array.from(document.querySelectorAll(tag)).map((w) => w.getAttribute('data-mounted'))).toEqual(['print', 'print', 'print']);
  });

  test('live, only the current slide\'s widget is mounted; leaving its slide unmounts it', async () => {
    const tag = 'gd-live-demo';
    const { deck, sections, fire, go } = deckOf(tag, 3, 'live');
    widgetsPlugin(loaderFor(tag, 1)).init!(deck);
    fire('ready');
    await tick(10);
    const state = () => sections.map((s) => s.querySelector(tag)!.getAttribute('data-mounted'));
    expect(state()).toEqual(['live', null, null]);
    go(1);
    expect(state()).toEqual([null, 'live', null]);
  });
});
