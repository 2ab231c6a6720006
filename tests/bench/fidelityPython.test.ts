import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const script = resolve('src/bench/fidelity.py');

test("CPython's side of the fidelity benchmark never dates a switch before the previous owner's last run", async () => {
  // CPython 3.11 can switch threads right after a C call such as perf_counter_ns(), so a thread's time can predate
  // the other thread's whole slice; taken as is, 30% of the gaps came out near minus one switch interval.
  const { stdout } = await run('python3', [script, 'switches', JSON.stringify({ threads: 2, interval_ms: 1, seconds: 0.4 })]);
  const switches = (JSON.parse(stdout) as { switches: Array<[number, number, number]> }).switches;
  expect(switches.length).toBeGreaterThan(50);
  const gaps = switches.map(([, , gapUs]) => gapUs);
  expect(gaps.filter((g) => g < 0)).toEqual([]);
  // Times run forward, and owners alternate: a switch is a hand-off to the other thread.
  for (let i = 1; i < switches.length; i++) {
    expect(switches[i]![0]).toBeGreaterThanOrEqual(switches[i - 1]![0]);
    expect(switches[i]![1]).not.toBe(switches[i - 1]![1]);
  }
});
