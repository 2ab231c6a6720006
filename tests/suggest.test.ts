import { describe, expect, test } from 'vitest';
import { closest, didYouMean, editDistance } from '../src/suggest.js';

describe('editDistance', () => {
  test('counts insertions, deletions and substitutions', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('timelin', 'timeline')).toBe(1);
    expect(editDistance('workers', 'worker')).toBe(1);
    expect(editDistance('fib', 'fob')).toBe(1);
  });

  test('is zero for equal strings and the length of the other for an empty one', () => {
    expect(editDistance('gil', 'gil')).toBe(0);
    expect(editDistance('', 'race')).toBe(4);
    expect(editDistance('race', '')).toBe(4);
  });
});

describe('closest', () => {
  const widgets = ['timeline', 'gil', 'heatmap', 'speedup', 'convoy', 'race'];

  test('picks the candidate with the fewest edits', () => {
    expect(closest('timelin', widgets)).toBe('timeline');
    expect(closest('speedpu', widgets)).toBe('speedup');
    expect(closest('rase', widgets)).toBe('race');
  });

  test('ignores case but answers in the candidate spelling', () => {
    expect(closest('TimeLine', widgets)).toBe('timeline');
    expect(closest('slidenumber', ['slideNumber', 'title'])).toBe('slideNumber');
  });

  test('suggests nothing for a name that is not a plausible typo', () => {
    expect(closest('presentation', widgets)).toBeUndefined();
    expect(closest('anything', [])).toBeUndefined();
  });

  test('allows more edits for longer names: two always, a third of the length beyond that', () => {
    // Three substitutions each: too many for an 8-letter name, fine for a 15-letter one.
    expect(editDistance('duraxxxn', 'duration')).toBe(3);
    expect(closest('duraxxxn', ['duration'])).toBeUndefined();
    expect(editDistance('switch-intxxxal', 'switch-interval')).toBe(3);
    expect(closest('switch-intxxxal', ['switch-interval'])).toBe('switch-interval');
  });
});

test('didYouMean phrases a suggestion to lead a hint, or says nothing', () => {
  expect(didYouMean('titel', ['title', 'author'])).toBe('did you mean "title"? ');
  expect(didYouMean('zzzzzz', ['title', 'author'])).toBe('');
});
