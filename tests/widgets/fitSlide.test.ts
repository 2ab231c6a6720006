import { expect, test } from 'vitest';
import { MIN_FIT, nextFit } from '../../src/widgets/fitSlide.js';

test('a slide that fits keeps its widget at the designed size', () => {
  expect(nextFit(1, 1000, 1080, 600)).toBe(1);
});

test('a slide taller than the screen shrinks its widget by the overflow, a little more for moving line breaks', () => {
  // 120 px too tall, a 600 px table: shrink it by a fifth and then some.
  const fit = nextFit(1, 1200, 1080, 600);
  expect(fit).toBeLessThan(0.8);
  expect(fit).toBeGreaterThan(0.75);
  // Still too tall at that size: shrink further from there, never grow.
  expect(nextFit(fit, 1100, 1080, 500)).toBeLessThan(fit);
});

test('a widget never shrinks below a size the room can read', () => {
  expect(nextFit(1, 3000, 1080, 600)).toBe(MIN_FIT);
  expect(nextFit(1, 1200, 1080, 0)).toBe(1);
});
