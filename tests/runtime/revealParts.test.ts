import { expect, test } from 'vitest';
import { fitOptions } from '../../src/runtime/revealParts.js';

// reveal.js calls fitty with { minSize: 24, maxSize: config.height * 0.8 }.
test("on a phone, where the deck's height is '100%', fitted text may grow to 80% of the screen and shrink to 12 px", () => {
  const phone = fitOptions({ minSize: 24, maxSize: Number('100%') * 0.8, observeWindow: false }, 844, true);
  expect(phone).toEqual({ minSize: 12, maxSize: 844 * 0.8, observeWindow: false });
});

test("on a large screen reveal.js's own limits stand", () => {
  expect(fitOptions({ minSize: 24, maxSize: 560 }, 1080, false)).toEqual({ minSize: 24, maxSize: 560 });
  // A deck sized in percent on a large screen still gets a maximum.
  expect(fitOptions({ minSize: 24, maxSize: NaN }, 1000, false)).toEqual({ minSize: 24, maxSize: 800 });
});
