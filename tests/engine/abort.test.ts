import { expect, test } from 'vitest';
import { anySignal, Cancelled, isAbortError, raceAbort, SharedWork } from '../../src/engine/abort.js';

const never = () => new Promise<never>(() => undefined);

test('shared work stops only once every caller that joined has aborted', async () => {
  let stopped: AbortSignal | null = null;
  const work = new SharedWork((signal) => ((stopped = signal), never()));
  const a = new AbortController();
  const b = new AbortController();
  const first = work.join(a.signal);
  const second = work.join(b.signal);
  a.abort();
  await expect(first).rejects.toBeInstanceOf(Cancelled);
  expect(stopped!.aborted).toBe(false);
  expect(work.abandoned).toBe(false);
  b.abort();
  await expect(second).rejects.toBeInstanceOf(Cancelled);
  expect(stopped!.aborted).toBe(true);
  expect(work.abandoned).toBe(true);
});

test('a caller without a signal keeps shared work going', async () => {
  const work = new SharedWork(async (signal) => (await new Promise((r) => setTimeout(r, 5)), signal.aborted));
  const a = new AbortController();
  const stopped = work.join(a.signal);
  const kept = work.join();
  a.abort();
  await expect(stopped).rejects.toBeInstanceOf(Cancelled);
  expect(await kept).toBe(false);
});

test('a stop is told from a failure by its name, ours or the platform’s', async () => {
  const a = new AbortController();
  const raced = raceAbort(never(), a.signal);
  a.abort();
  const e = await raced.catch((x: unknown) => x);
  expect(isAbortError(e)).toBe(true);
  expect((e as Error).cause).toBe(a.signal.reason);
  expect(isAbortError(new DOMException('stop', 'AbortError'))).toBe(true);
  expect(isAbortError(new Error('worker 0 died'))).toBe(false);
});

test('a combined signal aborts with the first of its signals, and stops listening once released', () => {
  const a = new AbortController();
  const b = new AbortController();
  const one = anySignal(a.signal, undefined, b.signal);
  b.abort('b');
  expect(one.signal.aborted).toBe(true);
  expect(one.signal.reason).toBe('b');
  const c = new AbortController();
  const two = anySignal(c.signal);
  two.release();
  c.abort();
  expect(two.signal.aborted).toBe(false);
});
