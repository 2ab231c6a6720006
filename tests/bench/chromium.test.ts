import { describe, expect, test } from 'vitest';
import { benchScript } from '../../src/bench/chromium.js';
import { ROOT } from '../support/serve.js';

describe('the script the browser benchmarks inject into the deck', () => {
  test('bundles, widgets and their styles included (the page already has the styles, so they bundle to nothing)', async () => {
    const script = await benchScript(ROOT);
    expect(script.length).toBeGreaterThan(1000);
    expect(script).not.toMatch(/\.gd-w-run\s*\{/);
  }, 60_000);
});
