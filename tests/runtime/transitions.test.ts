// @vitest-environment jsdom
import { describe, expect, test } from 'vitest';
import { needsOtherTransitions, transitionsUsed } from '../../src/runtime/transitions.js';

const deck = (html: string) => {
  const root = document.createElement('div');
  root.innerHTML = html;
  return root;
};

describe('the transitions a page can show, known before the deck starts', () => {
  test('a deck on reveal.js\'s defaults needs no other transition\'s rules', () => {
    expect(transitionsUsed({}, deck('<section></section>'))).toEqual(new Set(['slide', 'fade']));
    expect(needsOtherTransitions(transitionsUsed({ transition: 'none', backgroundTransition: 'fade' }, deck('')))).toBe(false);
  });

  test('the config (front matter or the checked address) or any slide naming another transition needs them', () => {
    expect(needsOtherTransitions(transitionsUsed({ transition: 'zoom' }, deck('')))).toBe(true);
    expect(needsOtherTransitions(transitionsUsed({ backgroundTransition: 'convex' }, deck('')))).toBe(true);
    expect(transitionsUsed({}, deck('<section data-transition="slide-in concave-out"></section>'))).toContain('concave');
    expect(needsOtherTransitions(transitionsUsed({}, deck('<section data-background-transition="zoom"></section>')))).toBe(true);
  });
});
