import { describe, expect, test } from 'vitest';
import { DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR } from '../../src/compiler/slides.js';
import { slowRegExpProblem } from '../../src/compiler/safeRegExp.js';

describe('slowRegExpProblem', () => {
  test.each([DEFAULT_SEPARATOR, DEFAULT_VERTICAL_SEPARATOR, '^\\r?\\n---\\r?\\n$', '<!--s-->', '\\n(---|\\*\\*\\*)\\n', '^={3,}$', '(ab)+', '(a+)?', '[(+)]+', '\\(a+\\)+'])(
    '%s is accepted',
    (source) => expect(slowRegExpProblem(source)).toBeNull(),
  );

  test.each([
    ['(a+)+$', '"(a+)+" repeats a group that repeats itself'],
    ['(a*)*', '"(a*)*" repeats a group that repeats itself'],
    ['((a)+)+', '"((a)+)+" repeats a group that repeats itself'],
    ['(a|a)*b', '"(a|a)*" repeats a group that has alternatives'],
    ['(x{2,})*', '"(x{2,})*" repeats a group that repeats itself'],
    ['(a+){2,9}', '"(a+){2,9}" repeats a group that repeats itself'],
    ['(a)\\1', '"\\1" is a backreference'],
    ['(?<x>a)\\k<x>', '"\\k" is a backreference'],
    ['a'.repeat(201), 'longer than 200 characters'],
  ])('%s is rejected: %s', (source, reason) => expect(slowRegExpProblem(source)).toMatch(reason));
});
