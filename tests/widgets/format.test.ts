import { expect, test } from 'vitest';
import { formatBytes, formatMs, formatUs } from '../../src/widgets/format.js';

test('durations: three significant digits, whole numbers from 100 up, seconds from one second up', () => {
  expect([1234.5, 118.4, 12.34, 4.23, 0.734, 0.0412, 2000, 1500].map(formatMs)).toEqual(['1.23 s', '118 ms', '12.3 ms', '4.23 ms', '0.734 ms', '0.0412 ms', '2 s', '1.5 s']);
  // The unit follows the rounded value: 999.6 ms reads "1 s", never "1000 ms".
  expect([999.4, 999.6, 99.96].map(formatMs)).toEqual(['999 ms', '1 s', '100 ms']);
});

test('microseconds read the same way, as ms and s once they reach them', () => {
  expect([42.4, 999.7, 5180, 12345, 1.3e6].map(formatUs)).toEqual(['42.4 µs', '1 ms', '5.18 ms', '12.3 ms', '1.3 s']);
});

test('nothing measured reads as a dash, zero as zero', () => {
  expect([NaN, Infinity, 0].map(formatMs)).toEqual(['–', '–', '0 ms']);
  expect(formatUs(NaN)).toBe('–');
});

test('sizes: MB with one decimal from one MB up, else whole KB', () => {
  expect([10 * 1024 * 1024, 1.5 * 1024 * 1024, 512 * 1024].map(formatBytes)).toEqual(['10 MB', '1.5 MB', '512 KB']);
});
