import { expect, test } from 'vitest';
import { STATE_COLOR } from '../../src/widgets/palette.js';
import { STRATEGY_STYLE } from '../../src/widgets/strategyStyle.js';
import { resolveVar, themeVar } from '../../src/widgets/themeVars.js';

const style = (values: Record<string, string>) => ({ getPropertyValue: (name: string) => values[name] ?? '' });

test("a canvas colour is the theme's custom property where the page sets one, else gildeck's own", () => {
  expect(resolveVar(style({ '--gd-state-running': ' #7b2cbf' }), STATE_COLOR.running)).toBe('#7b2cbf');
  expect(resolveVar(style({}), STATE_COLOR.running)).toBe('#009E73');
  expect(resolveVar(style({}), themeVar('gd-lane-bg', 'rgba(128,128,128,0.12)'))).toBe('rgba(128,128,128,0.12)');
  expect(resolveVar(style({ '--x': 'red' }), '#123456')).toBe('#123456');
});

test('every lane state and strategy colour is a custom property a deck can set, with the Okabe-Ito colour as fallback', () => {
  expect(STATE_COLOR.waiting).toBe('var(--gd-state-waiting, #D55E00)');
  expect(STRATEGY_STYLE['free-threading'].color).toBe('var(--gd-strategy-free-threading, #009E73)');
});
