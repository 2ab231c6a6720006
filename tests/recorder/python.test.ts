import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

/**
 * The recorder's own tests (tests/recorder/test_recorder.py, stdlib unittest) under this machine's python3, one
 * vitest test each, so they count in `npm test`. They run once, while the file is collected; each test then reports
 * its own outcome. A Python test skipped there (e.g. the 3.14-only ones) is listed as such, never as a pass.
 */
const here = fileURLToPath(new URL('.', import.meta.url));
const RUNNER = `
import json, sys, unittest
sys.path.insert(0, ${JSON.stringify(here)})
suite = unittest.defaultTestLoader.loadTestsFromName('test_recorder')
out = []
class R(unittest.TextTestResult):
    def addSuccess(self, t): out.append({'name': t.id(), 'outcome': 'pass'})
    def addFailure(self, t, e): out.append({'name': t.id(), 'outcome': 'fail', 'detail': self._exc_info_to_string(e, t)})
    def addError(self, t, e): out.append({'name': t.id(), 'outcome': 'fail', 'detail': self._exc_info_to_string(e, t)})
    def addSkip(self, t, why): out.append({'name': t.id(), 'outcome': 'skip', 'detail': why})
unittest.TextTestRunner(stream=open('/dev/null', 'w'), resultclass=R).run(suite)
print(json.dumps(out))
`;

interface Outcome {
  name: string;
  outcome: 'pass' | 'fail' | 'skip';
  detail?: string;
}

const outcomes = JSON.parse(execFileSync('python3', ['-c', RUNNER], { encoding: 'utf8', timeout: 300_000 })) as Outcome[];

describe('the recorder under python3 (tests/recorder/test_recorder.py)', () => {
  it('found its tests', () => expect(outcomes.length).toBeGreaterThan(10));
  for (const o of outcomes) {
    const name = o.name.replace(/^test_recorder\./, '');
    if (o.outcome === 'skip') it.skip(`${name} (skipped by Python: ${o.detail})`, () => undefined);
    else
      it(name, () => {
        if (o.outcome === 'fail') throw new Error(o.detail);
      });
  }
});
