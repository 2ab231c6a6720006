import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { CHROMIUM, launchChromium } from '../../src/bench/chromium.js';

export { CHROMIUM };

/**
 * Whether browser tests can run. Without Chromium they are skipped loudly on a developer's machine; under CI
 * (CI=true) a missing Chromium is a failure, never a silent skip.
 */
export function browserAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM}; .ci/run installs it with apt-get install -y chromium`);
  console.warn(`\n*** SKIPPING browser tests: no Chromium at ${CHROMIUM} (apt-get install -y chromium) ***\n`);
  return false;
}

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

/** Debian's Chromium headless with no background network traffic, launched as the browser benchmarks launch it. */
export async function launchBrowser(): Promise<LaunchedBrowser> {
  const browser = await launchChromium();
  return { browser, close: () => browser.close() };
}
