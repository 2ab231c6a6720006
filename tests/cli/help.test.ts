import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { PYTHON_OF, STRATEGY_NAMES, WORKLOADS } from '../../src/engine/index.js';

const ROOT = resolve(import.meta.dirname, '../..');
const cli = (...args: string[]) => spawnSync(process.execPath, ['build.mjs', ...args], { cwd: ROOT, encoding: 'utf8' });

test('trace --help lists every strategy and workload the engine has, with the defaults trace uses', () => {
  const r = cli('trace', '--help');
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`--strategy S         ${STRATEGY_NAMES.join(', ')} (default: threads)`);
  expect(r.stdout).toContain(`--workload W         ${WORKLOADS.join(', ')} (default: primes)`);
});

test('trace --help says which Python each strategy stands for', () => {
  const r = cli('trace', '--help');
  for (const s of STRATEGY_NAMES) expect(r.stdout).toContain(`${s.padEnd(21)}${PYTHON_OF[s].label}: ${PYTHON_OF[s].text}`);
});
