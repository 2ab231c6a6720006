import { resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CondVar, condLockMutex, futexCalls, lockMutex, unlockMutex } from '../../src/engine/condvar.js';
import { CONTROL_INTS, CTRL, CV } from '../../src/engine/protocol.js';

// glibc's condition variable on Atomics, with real threads: each waiter is a worker_thread that takes the mutex,
// waits, and writes its number into the next cell of a shared log when it is woken (or times out).

const BASE = CTRL.GIL;
const LOG = CTRL.BEAT; // cells free in these tests: [LOG] = entries so far, then the entries
let source = '';
beforeAll(async () => {
  const out = await build({
    stdin: {
      contents: `
        import { workerData, parentPort } from 'node:worker_threads';
        import { CondVar, futexCalls, lockMutex, unlockMutex } from './src/engine/condvar.ts';
        const { sab, base, log, me, timeoutMs } = workerData;
        const c = new Int32Array(sab);
        const cv = new CondVar(c, base, () => performance.now());
        parentPort.on('message', (awakeMs) => {
          lockMutex(c, base + ${CV.MUTEX});
          const r = cv.timedWait(base + ${CV.MUTEX}, performance.now() + timeoutMs, awakeMs);
          // The modelled system calls this thread made in its wait, read before it unlocks.
          parentPort.postMessage({ calls: futexCalls.count });
          const n = Atomics.add(c, log, 1);
          Atomics.store(c, log + 1 + n, r === 'signalled' ? me : -me);
          unlockMutex(c, base + ${CV.MUTEX});
          Atomics.notify(c, log);
        });
        parentPort.postMessage('ready');`,
      resolveDir: resolve(import.meta.dirname, '../..'),
      loader: 'ts',
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    write: false,
  });
  source = out.outputFiles[0]!.text;
});

const workers: Worker[] = [];
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.terminate()));
});

function setup() {
  const sab = new SharedArrayBuffer(CONTROL_INTS * 4);
  const c = new Int32Array(sab);
  const cv = new CondVar(c, BASE, () => performance.now());
  const asleep = () => Atomics.load(c, BASE + CV.REFS) + Atomics.load(c, BASE + CV.REFS + 1);
  const until = async (ok: () => boolean) => {
    const end = performance.now() + 5000;
    while (!ok()) {
      if (performance.now() > end) throw new Error('timed out waiting for the threads');
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  /** Starts waiter `me` (1-based) and returns once it sleeps on the condition variable. */
  /** The futex calls worker `w` had made when its next wait returned. */
  const callsAfterWait = (w: Worker) => new Promise<number>((r) => w.once('message', (m: { calls: number }) => r(m.calls)));
  const wait = async (me: number, timeoutMs = 10_000) => {
    const w = new Worker(source, { eval: true, workerData: { sab, base: BASE, log: LOG, me, timeoutMs } });
    workers.push(w);
    await new Promise((r) => w.once('message', r));
    const before = asleep();
    w.postMessage(0);
    await until(() => asleep() > before);
    return w;
  };
  /** Starts waiter `me`, which stays awake `awakeMs` before sleeping; returns once it has a place in the queue. */
  const waitAwake = async (me: number, awakeMs: number) => {
    const w = new Worker(source, { eval: true, workerData: { sab, base: BASE, log: LOG, me, timeoutMs: 10_000 } });
    workers.push(w);
    await new Promise((r) => w.once('message', r));
    const before = Atomics.load(c, BASE + CV.WSEQ);
    w.postMessage(awakeMs);
    await until(() => Atomics.load(c, BASE + CV.WSEQ) > before);
    return w;
  };
  const again = async (w: Worker) => {
    const before = asleep();
    w.postMessage(0);
    await until(() => asleep() > before);
  };
  const signal = () => {
    lockMutex(c, BASE + CV.MUTEX);
    cv.signal();
    unlockMutex(c, BASE + CV.MUTEX);
  };
  const log = () => Array.from(c.subarray(LOG + 1, LOG + 1 + Atomics.load(c, LOG)));
  const woken = async (n: number) => {
    await until(() => Atomics.load(c, LOG) >= n);
    return log();
  };
  return { c, cv, wait, waitAwake, again, signal, log, woken, until, callsAfterWait };
}

describe('a glibc condition variable on Atomics', () => {
  test('a signal wakes one waiter: the first to have gone to sleep', async () => {
    const t = setup();
    await t.wait(1);
    await t.wait(2);
    await t.wait(3);
    t.signal();
    expect(await t.woken(1)).toEqual([1]);
    t.signal();
    expect(await t.woken(2)).toEqual([1, 2]);
  });

  test('a signal with nobody waiting is lost: a later waiter sleeps on', async () => {
    const t = setup();
    t.signal();
    await t.wait(1, 200);
    expect(await t.woken(1)).toEqual([-1]);
  });

  test('a thread that waits again queues behind the group already being signalled, even behind later arrivals', async () => {
    const t = setup();
    const one = await t.wait(1);
    await t.wait(2);
    t.signal(); // opens the group {1, 2} and wakes 1
    expect(await t.woken(1)).toEqual([1]);
    await t.wait(3); // arrives after that group opened
    await t.again(one); // 1 waits again, after 3
    t.signal(); // still for the open group: 2
    await t.woken(2);
    t.signal(); // the group is done: {3, 1} opens, and 3 slept first
    await t.woken(3);
    t.signal();
    expect(await t.woken(4)).toEqual([1, 2, 3, 1]);
  });

  test('a thread that came after the group opened cannot take its signal, even awake: the group goes first', async () => {
    const t = setup();
    await t.wait(1);
    await t.wait(2);
    t.signal(); // opens the group {1, 2} and wakes 1
    expect(await t.woken(1)).toEqual([1]);
    await t.waitAwake(3, 2000); // on its CPU, watching for a signal, for 2 s
    t.signal();
    expect(await t.woken(2)).toEqual([1, 2]);
  });

  test('an awake thread of the signalled group takes the signal ahead of one asleep', async () => {
    // 1 sleeps in the kernel; this thread is 2, awake (watching for a signal), and sends the signal itself from
    // inside its watch: the futex wakes 1, but 2 is on its CPU and takes the signal first.
    const t = setup();
    await t.wait(1);
    let calls = 0;
    const cv = new CondVar(t.c, BASE, () => {
      if (++calls === 3) t.signal(); // opens the group {1, 2}
      return performance.now();
    });
    lockMutex(t.c, BASE + CV.MUTEX);
    expect(cv.timedWait(BASE + CV.MUTEX, performance.now() + 10_000, 5_000)).toBe('signalled');
    unlockMutex(t.c, BASE + CV.MUTEX);
    await new Promise((r) => setTimeout(r, 200));
    expect(t.log()).toEqual([]);
    expect(Atomics.load(t.c, BASE + CV.REFS) + Atomics.load(t.c, BASE + CV.REFS + 1)).toBe(1); // 1 asleep again
  });

  test('a waiter whose wait times out as a signal comes leaves it for the waiter the futex woke', async () => {
    // glibc: a futex wait that ended by its timeout gives up without looking for a signal. 1 sleeps; this thread is
    // 2, and the signal (for the group {1, 2}) arrives just as its own sleep times out.
    const t = setup();
    await t.wait(1);
    const cv = new CondVar(t.c, BASE, () => performance.now());
    const wait = Atomics.wait;
    Atomics.wait = ((arr: Int32Array, index: number, value: number, timeout?: number) => {
      if (index !== BASE + CV.SIGNALS && index !== BASE + CV.SIGNALS + 1) return wait(arr, index, value, timeout);
      t.signal();
      return 'timed-out';
    }) as typeof Atomics.wait;
    let r: string;
    try {
      lockMutex(t.c, BASE + CV.MUTEX);
      r = cv.timedWait(BASE + CV.MUTEX, performance.now() + 50);
      unlockMutex(t.c, BASE + CV.MUTEX);
    } finally {
      Atomics.wait = wait;
    }
    expect(r).toBe('timed-out');
    expect(await t.woken(1)).toEqual([1]);
  });

  test('a waiter that times out leaves its group: the signal goes to one still waiting', async () => {
    const t = setup();
    await t.wait(1, 80);
    await t.wait(2);
    await t.until(() => Atomics.load(t.c, LOG) === 1);
    t.signal();
    expect(await t.woken(2)).toEqual([-1, 2]);
  });

  test("a signal to a waiter still on its CPU enters the kernel all the same, as glibc's does; with no waiter it does not", async () => {
    const t = setup();
    const calls = () => futexCalls.count;
    let before = calls();
    t.signal();
    expect(calls() - before).toBe(0);
    // A thread that has taken its place in the waiter sequence and not yet gone to sleep.
    Atomics.add(t.c, BASE + CV.WSEQ, 2);
    before = calls();
    t.signal();
    expect(calls() - before).toBe(1);
    // A signal that really wakes a sleeper costs what V8's wake costs, nothing modelled on top.
    await t.wait(1);
    await new Promise((r) => setTimeout(r, 50)); // counted on its slot; now asleep too
    before = calls();
    t.signal();
    expect(calls() - before).toBe(0);
  });

  test('unlocking a mutex marked contended with nobody asleep makes the futex call glibc makes', () => {
    const t = setup();
    const m = BASE + CV.MUTEX;
    expect(lockMutex(t.c, m)).toBe(true);
    Atomics.store(t.c, m, 2); // another thread marked it, then went another way
    const before = futexCalls.count;
    unlockMutex(t.c, m);
    expect(futexCalls.count - before).toBe(1);
    expect(lockMutex(t.c, m)).toBe(true);
    unlockMutex(t.c, m);
    expect(futexCalls.count - before).toBe(1);
  });

  test('a mutex taken back after a condition wait is marked contended (lll_cond_lock), so its unlock always makes a wake call', () => {
    const t = setup();
    const m = BASE + CV.MUTEX;
    expect(condLockMutex(t.c, m)).toBe(true);
    expect(Atomics.load(t.c, m)).toBe(2);
    const before = futexCalls.count;
    unlockMutex(t.c, m);
    expect(futexCalls.count - before).toBe(1);
  });

  test("a waiter watching awake that finds the signal pays the call its futex_wait would have made; one woken from sleep pays none", async () => {
    const t = setup();
    const watcher = await t.waitAwake(1, 2000);
    const watched = t.callsAfterWait(watcher);
    await new Promise((r) => setTimeout(r, 20)); // past its first look
    t.cv.signal(); // without the mutex, so taking it back cannot contend
    expect(await watched).toBe(1);
    const sleeper = await t.wait(2);
    const slept = t.callsAfterWait(sleeper);
    await new Promise((r) => setTimeout(r, 50));
    t.cv.signal();
    expect(await slept).toBe(0);
  });
});
