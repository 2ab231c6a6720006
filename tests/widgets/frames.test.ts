import { expect, test } from 'vitest';
import { frameLoop, frameQueue } from '../../src/widgets/frames.js';
import { engineRunner, type Measuring } from '../../src/measure/speedup.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('timed work holds the page still: the waiting frame is drawn first, then none until the work ends', async () => {
  const frames = frameQueue();
  let drawn = 0;
  const stop = frameLoop(() => (drawn++, true), frames);
  await sleep(60);
  expect(drawn).toBeGreaterThan(0);
  let before = 0;
  let during = -1;
  await frames.quiet(async () => {
    before = drawn;
    await sleep(120);
    during = drawn - before;
  });
  expect(during).toBe(0);
  await sleep(60);
  // Frames come again once it is over, for whatever asked meanwhile.
  expect(drawn).toBeGreaterThan(before);
  stop();
});

test('timed work back to back still lets a frame draw between each (a status keeps moving)', async () => {
  const frames = frameQueue();
  let drawn = 0;
  const stop = frameLoop(() => (drawn++, true), frames);
  const start = drawn;
  for (let i = 0; i < 4; i++) await frames.quiet(() => sleep(30));
  expect(drawn - start).toBeGreaterThanOrEqual(4);
  stop();
});

test('with real frames, timed work starts one frame after the frame drawn for it: that frame has been rendered', async () => {
  // The browser renders a frame after its callbacks; a timed run started inside them shares the CPU with that.
  let fired = 0;
  const raf = globalThis.requestAnimationFrame;
  const caf = globalThis.cancelAnimationFrame;
  globalThis.requestAnimationFrame = ((cb: FrameRequestCallback) => setTimeout(() => (fired++, cb(performance.now())), 16)) as unknown as typeof requestAnimationFrame;
  globalThis.cancelAnimationFrame = ((id: ReturnType<typeof setTimeout>) => clearTimeout(id)) as unknown as typeof cancelAnimationFrame;
  try {
    const frames = frameQueue();
    let drawnIn = -1;
    const stop = frameLoop(() => ((drawnIn = fired), true), frames);
    let startedAfter = -1;
    await frames.quiet(async () => {
      startedAfter = fired;
    });
    stop();
    expect(drawnIn).toBeGreaterThan(0);
    expect(startedAfter).toBe(drawnIn + 1);
  } finally {
    globalThis.requestAnimationFrame = raf;
    globalThis.cancelAnimationFrame = caf;
  }
});

test('a measurement times each run inside quiet, and only the run', async () => {
  const inside: boolean[] = [];
  let holding = false;
  const measuring = {
    host: { cores: 2 },
    trace: async () => {
      inside.push(holding);
      await sleep(5);
      return { minWallMs: 0, mode: 'shared-memory' as const };
    },
    probes: {} as Measuring['probes'],
    quiet: async <T>(timed: () => Promise<T>) => {
      holding = true;
      try {
        return await timed();
      } finally {
        holding = false;
      }
    },
  };
  const t = await engineRunner(measuring).time({ strategy: 'threads', workers: 2, workload: 'primes', units: 1 });
  expect(inside).toEqual([true]);
  expect(t.wallMs).toBeGreaterThanOrEqual(4);
});
