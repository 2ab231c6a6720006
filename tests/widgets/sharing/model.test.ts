import { expect, test } from 'vitest';
import { initialSharing, measurable, rowMedian, sharingDomain, sharingMetrics, sharingSummary, UNAVAILABLE, withSample } from '../../../src/widgets/sharing/model.js';

const all = ['copy', 'transfer', 'shared'] as const;

test('without shared memory its row says why instead of showing a number, and is not measured', () => {
  const d = initialSharing({ size: 10, methods: all, repeat: 5, sharedMemory: false });
  expect(d.bytes).toBe(10 * 1024 * 1024);
  expect(d.rows.find((r) => r.method === 'shared')!.unavailable).toBe(UNAVAILABLE);
  expect(measurable(d)).toEqual(['copy', 'transfer']);
  expect(measurable(initialSharing({ size: 10, methods: all, repeat: 5, sharedMemory: null }))).toEqual(['copy', 'transfer', 'shared']);
});

test('the median of the samples is shown with their range and published per method, with the bytes moved', () => {
  let d = initialSharing({ size: 10, methods: all, repeat: 3, sharedMemory: false });
  for (const [copy, transfer] of [[120, 0.9], [100, 0.5], [300, 0.7]]) d = withSample(withSample(d, 'copy', copy!), 'transfer', transfer!);
  expect(rowMedian(d.rows[0]!)).toBe(120);
  expect(rowMedian({ samples: [1, 2, 3, 4] })).toBe(2.5);
  expect(rowMedian({ samples: [] })).toBeNull();
  expect(sharingMetrics(d)).toEqual([
    { key: 'sharing:copy', label: 'copy (pickle-like), 10 MB to a worker', value: 120, unit: 'ms', bytes: 10485760, low: 100, high: 300, samples: 3 },
    { key: 'sharing:transfer', label: 'transfer (no copy), 10 MB to a worker', value: 0.7, unit: 'ms', bytes: 10485760, low: 0.5, high: 0.9, samples: 3 },
  ]);
  expect(sharingSummary(d)).toBe('Moving 10 MB to a worker, median of 3: copy (pickle-like) 120 ms (range 100 ms to 300 ms), transfer (no copy) 0.7 ms (range 0.5 ms to 0.9 ms), shared memory unavailable here. Copying took 171x as long as transferring.');
});

test('the log axis spans every sample in whole decades', () => {
  const empty = initialSharing({ size: 1, methods: all, repeat: 1, sharedMemory: true });
  expect(sharingDomain(empty)).toEqual([0.01, 1000]);
  const d = withSample(withSample(empty, 'copy', 250), 'shared', 0.04);
  const [lo, hi] = sharingDomain(d);
  expect(lo).toBeCloseTo(0.01);
  expect(hi).toBeCloseTo(1000);
  expect(lo).toBeLessThanOrEqual(0.04);
  expect(hi).toBeGreaterThanOrEqual(250);
});
