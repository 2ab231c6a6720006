import { describe, expect, test } from 'vitest';
import { resolveConfig as resolveChecked } from '../../src/runtime/config.js';
import { kioskConfig } from '../../src/runtime/kiosk/preset.js';
import { readUrlOptions } from '../../src/runtime/urlOptions.js';

/** As the page resolves it: the address checked first, the kiosk unit loaded (a page loads it only with ?kiosk). */
const resolveConfig = (deck: Record<string, unknown>, search: string, note?: (n: string) => void) => resolveChecked(deck, readUrlOptions(search), note, kioskConfig);

describe('resolveConfig', () => {
  test('the deck overrides gildeck defaults', () => {
    expect(resolveConfig({ hash: false, transition: 'fade' }, '')).toMatchObject({ hash: false, transition: 'fade' });
    expect(resolveConfig({}, '')).toMatchObject({ hash: true });
  });

  test("the arrows show but do not bounce: reveal.js's controls tutorial would animate under a demo's measurement", () => {
    expect(resolveConfig({}, '')).toMatchObject({ controlsTutorial: false });
    expect(resolveConfig({ controls: true }, '?kiosk')).toMatchObject({ controlsTutorial: false });
  });

  test('?kiosk loops forever and turns off everything a passer-by could stop it with', () => {
    const c = resolveConfig({ controls: true, overview: true, keyboard: false }, '?kiosk');
    expect(c).toMatchObject({ loop: true, autoSlideStoppable: false, controls: false, overview: false, pause: false, help: false, jumpToSlide: false, keyboard: true, postMessage: false });
    // The kiosk paces the deck itself (it waits for demos): reveal.js's own timer is off.
    expect(c.autoSlide).toBe(false);
    expect(typeof c.keyboardCondition).toBe('function');
  });

  test('kiosk keeps the pace the deck chose, from kiosk.advance or autoSlide', () => {
    expect((resolveConfig({ autoSlide: 8000 }, '?kiosk').kiosk as { advance: number }).advance).toBe(8000);
    expect((resolveConfig({ autoSlide: 0 }, '?kiosk').kiosk as { advance: number }).advance).toBe(20_000);
    expect((resolveConfig({ autoSlide: 8000, kiosk: { advance: 3000 } }, '?kiosk').kiosk as { advance: number }).advance).toBe(3000);
  });

  test('without ?kiosk nothing advances by itself', () => {
    expect(resolveConfig({}, '?foo=1').autoSlide).toBeUndefined();
  });

  test('validated URL options override the deck; unknown ones are noted and dropped', () => {
    const notes: string[] = [];
    const c = resolveConfig({ transition: 'fade' }, '?transition=none&plugins=x', (n) => notes.push(n));
    expect(c.transition).toBe('none');
    expect(c).not.toHaveProperty('plugins');
    expect(notes).toHaveLength(1);
  });

  test.each([
    ['?kiosk&autoSlide=0', 20_000],
    ['?kiosk&autoSlide=1', 1000],
    ['?kiosk&autoSlide=-1', 20_000],
    ['?kiosk&autoSlide=NaN', 20_000],
    ['?kiosk&autoSlide=10000', 10_000],
    ['?kiosk&loop=false&autoSlideStoppable=true', 20_000],
  ])('the URL cannot stop or race the kiosk: %s advances every %i ms, looping', (search, ms) => {
    const c = resolveConfig({}, search);
    expect(c).toMatchObject({ kiosk: { advance: ms }, loop: true, autoSlideStoppable: false });
  });

  test('a kiosk address printed (?print-pdf) is a print, not a kiosk', () => {
    expect(resolveConfig({}, '?kiosk&print-pdf')).not.toHaveProperty('kiosk');
  });

  test('the speaker view frames of a kiosk deck do not run a kiosk of their own', () => {
    const c = resolveConfig({}, '?kiosk&receiver&autoSlide=0&progress=false');
    expect(c.autoSlide).toBe(0);
    expect(c.loop).toBeUndefined();
  });

  test('reveal.js never switches to its scroll view by itself (it would drop a #/n deep link on a phone); the URL may ask for it', () => {
    expect(resolveConfig({}, '')).toMatchObject({ scrollActivationWidth: false });
    expect(resolveConfig({}, '?view=scroll')).toMatchObject({ view: 'scroll' });
    const notes: string[] = [];
    expect(resolveConfig({}, '?scrollActivationWidth=500', (n) => notes.push(n))).toMatchObject({ scrollActivationWidth: false });
    expect(notes).toEqual([expect.stringMatching(/scrollActivationWidth=500 ignored/)]);
  });

  test('printed, notes shown with the slides get pages of their own instead of lying over the slide', () => {
    expect(resolveConfig({ showNotes: true }, '?print-pdf').showNotes).toBe('separate-page');
    expect(resolveConfig({}, '?view=print&showNotes=true').showNotes).toBe('separate-page');
    expect(resolveConfig({ showNotes: true }, '').showNotes).toBe(true);
    expect(resolveConfig({ showNotes: true }, '?print-pdf&showNotes=false').showNotes).toBe(false);
    // `separate-page` is for print: on screen the audience does not see the notes.
    expect(resolveConfig({ showNotes: 'separate-page' }, '').showNotes).toBe(false);
    expect(resolveConfig({ showNotes: 'separate-page' }, '?print-pdf').showNotes).toBe('separate-page');
  });
});
