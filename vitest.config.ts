import { defineConfig } from 'vitest/config';

/**
 * Tests that measure parallelism (runs overlapping, speedups, convoys, free cores) need the machine's cores to
 * themselves: they run as a second group, one file at a time, after every other file (which run side by side) has
 * finished. Every such file is listed here, including the e2e speedup measurements and the calibration probes.
 */
const MEASURED = [
  'tests/engine/strategies.test.ts',
  'tests/engine/calibration.test.ts',
  // Who takes the GIL (a signal) depends on which thread is on a CPU at that moment, as in CPython.
  'tests/engine/condvar.test.ts',
  'tests/engine/gil.test.ts',
  'tests/widgets/*/run.test.ts',
  'tests/e2e/engine.test.ts',
  'tests/e2e/measure.test.ts',
  'tests/e2e/pageLoads.test.ts',
  'tests/recorder/python.test.ts',
  // Print view of a whole deck in Chromium (every widget's chunk loaded and drawn): starved of CPU beside the
  // parallel files, it outruns its bounds (60 s per export) on 2 cores.
  'tests/e2e/exportPdf.test.ts',
  'tests/e2e/widgets.test.ts',
  // Packs, installs and builds in fresh folders (npm and esbuild take the cores): slow, so run apart.
  'tests/cli/package.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'main', include: ['tests/**/*.test.ts'], exclude: MEASURED, sequence: { groupOrder: 0 } } },
      { extends: true, test: { name: 'measured', include: MEASURED, fileParallelism: false, sequence: { groupOrder: 1 } } },
    ],
  },
});
