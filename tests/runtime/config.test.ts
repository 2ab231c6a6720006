import { describe, expect, test } from 'vitest';
import { kioskPreset, resolveConfig } from '../../src/runtime/config.js';

describe('resolveConfig', () => {
  test('the deck overrides gildeck defaults', () => {
    expect(resolveConfig({ hash: false, transition: 'fade' }, '')).toMatchObject({ hash: false, transition: 'fade' });
    expect(resolveConfig({}, '')).toMatchObject({ hash: true });
  });

  test('?kiosk loops forever, advances by itself and cannot be stopped by a passer-by', () => {
    const c = resolveConfig({ controls: true }, '?kiosk');
    expect(c).toMatchObject({ loop: true, autoSlide: 20_000, autoSlideStoppable: false, controls: false });
  });

  test('kiosk keeps the pace the deck chose', () => {
    expect(kioskPreset({ autoSlide: 8000 }).autoSlide).toBe(8000);
    expect(kioskPreset({ autoSlide: 0 }).autoSlide).toBe(20_000);
  });

  test('without ?kiosk nothing advances by itself', () => {
    expect(resolveConfig({}, '?foo=1').autoSlide).toBeUndefined();
  });
});
