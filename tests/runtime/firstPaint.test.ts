// @vitest-environment jsdom
import { afterEach, describe, expect, test, vi } from 'vitest';
import { resolveConfig } from '../../src/runtime/config.js';
import { firstPaint, opensFirstSlide, RUNTIME_ATTRIBUTE, slidesLayout } from '../../src/runtime/firstPaint.js';
import { flagsOnlyOptions } from '../../src/runtime/urlFlags.js';

describe('the first slide is laid out as reveal.js will', () => {
  test("reveal.js's scale: the window less its margin, fitted, clamped and rounded to hundredths", () => {
    // 1280x720 less 4%: 1228.8x691.2 for 960x700, height-bound: 0.987 -> 0.99.
    expect(slidesLayout({}, { width: 1280, height: 720 })).toEqual({ width: 960, height: 700, scale: 0.99, center: true });
    expect(slidesLayout({}, { width: 1920, height: 1080 })).toEqual({ width: 960, height: 700, scale: 1.48, center: true });
    expect(slidesLayout({ width: 1280, height: 720, margin: 0, center: false }, { width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720, scale: 1.5, center: false });
    expect(slidesLayout({ maxScale: 1.2 }, { width: 3840, height: 2160 })?.scale).toBe(1.2);
  });

  test('a layout other than a fixed slide scaled to fit is left to reveal.js: phones, percentages, scroll and print view, no layout', () => {
    expect(slidesLayout({}, { width: 390, height: 844 })).toBeNull();
    expect(slidesLayout({ width: '100%' }, { width: 1280, height: 720 })).toBeNull();
    for (const config of [{ view: 'scroll' }, { view: 'print' }, { disableLayout: true }, { embedded: true }]) expect(slidesLayout(config, { width: 1280, height: 720 }), JSON.stringify(config)).toBeNull();
  });

  test("gildeck's defaults set no layout key: the deck's own config is the layout reveal.js uses on an address without a query", () => {
    const deck = { width: 1024, height: 768, margin: 0.1, minScale: 0.5, maxScale: 1.5, center: false };
    const resolved = resolveConfig(deck, flagsOnlyOptions(''));
    for (const key of ['width', 'height', 'margin', 'minScale', 'maxScale', 'center', 'view', 'disableLayout', 'embedded']) expect(resolved[key], key).toEqual((deck as Record<string, unknown>)[key]);
    expect(resolveConfig({}, flagsOnlyOptions(''))).not.toHaveProperty('width');
  });

  test('only an address that opens the first slide as it is gets it drawn early: no query, no deep link', () => {
    for (const hash of ['', '#', '#/', '#/0', '#/0/0']) expect(opensFirstSlide('', hash), hash).toBe(true);
    for (const [search, hash] of [['?print-pdf', ''], ['?receiver', ''], ['?kiosk', ''], ['?transition=fade', ''], ['', '#/5'], ['', '#/0/1'], ['', '#/intro']]) expect(opensFirstSlide(search!, hash!), `${search}${hash}`).toBe(false);
  });
});

describe('the runtime is started', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.useRealTimers();
    document.documentElement.className = '';
    document.body.className = '';
  });

  /** A page as gildeck builds it, in a window of `width` x `height`. */
  function page(width: number, height: number) {
    document.body.innerHTML = `<div class="reveal"><div class="slides"><section><h1>One</h1></section><section><h1>Two</h1></section></div></div><script ${RUNTIME_ATTRIBUTE}="gildeck.AAAAAAAA.js"></script>`;
    document.head.innerHTML = `<script type="application/json" id="gildeck-config">{}</script>`;
    vi.spyOn(HTMLElement.prototype, 'offsetWidth', 'get').mockReturnValue(width);
    vi.spyOn(HTMLElement.prototype, 'offsetHeight', 'get').mockReturnValue(height);
    const frames: Array<() => void> = [];
    vi.spyOn(window, 'requestAnimationFrame').mockImplementation((f) => (frames.push(() => f(0)), frames.length));
    return { frames, started: () => [...document.querySelectorAll('body > script[src]')].map((s) => s.getAttribute('src')) };
  }

  test('from the first frame, once the first slide is drawn', () => {
    vi.useFakeTimers();
    const { frames, started } = page(1280, 720);
    firstPaint();
    expect(document.querySelector('section')!.classList.contains('present')).toBe(true);
    expect(document.querySelector<HTMLElement>('.slides')!.style.transform).toBe('translate(-50%, -50%) scale(0.99)');
    expect(started()).toEqual([]);
    frames.shift()!();
    expect(started()).toEqual(['gildeck.AAAAAAAA.js']);
    vi.advanceTimersByTime(2000);
    expect(started()).toHaveLength(1);
  });

  test('by a timer when no frame comes (a tab hidden before its first frame)', () => {
    vi.useFakeTimers();
    const { started } = page(1280, 720);
    firstPaint();
    expect(started()).toEqual([]);
    vi.advanceTimersByTime(1000);
    expect(started()).toEqual(['gildeck.AAAAAAAA.js']);
  });

  test('at once in a hidden tab, which draws no frames', () => {
    vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    const { started } = page(1280, 720);
    firstPaint();
    expect(started()).toEqual(['gildeck.AAAAAAAA.js']);
  });

  test('at once where nothing is drawn early (a phone): the runtime lays out the deck as before', () => {
    const { started } = page(390, 844);
    firstPaint();
    expect(document.querySelector('section.present')).toBeNull();
    expect(document.body.classList.contains('reveal-viewport')).toBe(false);
    expect(started()).toEqual(['gildeck.AAAAAAAA.js']);
  });
});
