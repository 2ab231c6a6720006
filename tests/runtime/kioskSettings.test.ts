import { describe, expect, test } from 'vitest';
import { advanceDue, kioskSettings, stepPace } from '../../src/runtime/kiosk/settings.js';
import { kioskKey } from '../../src/runtime/kiosk/guard.js';
import { frozenFor } from '../../src/runtime/kiosk/freeze.js';

describe('kiosk settings', () => {
  test('defaults: 20 s a step, 60 s idle, 8 s hold, 60 s at most per demo slide', () => {
    expect(kioskSettings({})).toEqual({ advance: 20_000, idle: 60_000, hold: 8000, maxWait: 60_000, watchdog: 20_000, freeze: 10_000 });
  });

  test('seconds become milliseconds, and the pace never goes under 1 s', () => {
    const notes: string[] = [];
    expect(kioskSettings({ kiosk: { idle: 2, watchdog: 3, freeze: 4 } })).toMatchObject({ idle: 2000, watchdog: 3000, freeze: 4000 });
    expect(kioskSettings({ autoSlide: 10 }, (n) => notes.push(n)).advance).toBe(1000);
    expect(notes).toEqual(['kiosk: autoSlide 10 raised to 1000 ms (the kiosk never advances faster)']);
  });

  test('a step takes the fragment\'s data-autoslide, else its slide\'s, else the deck pace', () => {
    const el = (v?: string) => ({ getAttribute: (n: string) => (n === 'data-autoslide' ? (v ?? null) : null) }) as unknown as Element;
    expect(stepPace([el('3000'), el('8000')], 5000)).toBe(3000);
    expect(stepPace([null, el('8000')], 5000)).toBe(8000);
    expect(stepPace([el(), el()], 5000)).toBe(5000);
    expect(stepPace([el('10')], 5000)).toBe(1000);
    expect(stepPace([el('x'), el('0')], 5000)).toBe(5000);
  });
});

describe('when the kiosk leaves a step', () => {
  const base = { shownAt: 0, slideShownAt: 0, pace: 2000, demos: false, finishedAt: null, hold: 8000, maxWait: 60_000 };

  test('a slide without demos stays its pace', () => {
    expect(advanceDue(base)).toBe(2000);
  });

  test('a demo slide waits for its demos, then shows the result for the hold time', () => {
    expect(advanceDue({ ...base, demos: true, finishedAt: 5000 })).toBe(13_000);
    // A demo that finished at once still leaves the step its pace.
    expect(advanceDue({ ...base, demos: true, finishedAt: 0, hold: 500 })).toBe(2000);
  });

  test('a stuck demo cannot hold the booth past maxWait', () => {
    expect(advanceDue({ ...base, demos: true, finishedAt: null })).toBe(60_000);
    expect(advanceDue({ ...base, demos: true, finishedAt: 59_000 })).toBe(60_000);
  });
});

describe('kiosk keys', () => {
  const key = (k: string, mods: Partial<KeyboardEvent> = {}) => kioskKey({ key: k, ctrlKey: false, altKey: false, metaKey: false, shiftKey: false, ...mods });

  test('the keys that move through the deck are a visitor taking over', () => {
    for (const k of ['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'PageDown', ' ', 'r']) expect(key(k), k).toBe('navigate');
  });

  test('pause, overview, speaker view, help, full screen and any modified key are swallowed', () => {
    for (const k of ['b', 'B', '.', 'v', 'o', 'Escape', 's', '?', 'F1', 'f', 'F11', 'g', 'Tab', 'Enter', 'Backspace', 'F5']) expect(key(k), k).toBe('block');
    expect(key('ArrowRight', { altKey: true })).toBe('block');
    expect(key('r', { ctrlKey: true })).toBe('block');
  });
});

test('a beat later than the freeze bound is a frozen page', () => {
  expect(frozenFor(1000, 1300, 3000)).toBeNull();
  expect(frozenFor(1000, 9000, 3000)).toBe(8000);
});
