// The booth's watchdog from outside the page: `kiosk --open` started Chromium, so it can see what no script in a
// page can, a main thread blocked for good (an endless loop), and end it. Inside the page, the kiosk notices a
// freeze only once its thread comes back (src/runtime/kiosk/freeze.ts).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CDPSession } from 'playwright-core';

const PING_EVERY_MS = 2000;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The port Chromium chose for `--remote-debugging-port=0`, from the file it writes into its profile. */
async function devToolsPort(profile: string, timeoutMs: number, signal: AbortSignal): Promise<number | null> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const text = await readFile(join(profile, 'DevToolsActivePort'), 'utf8').catch(() => '');
    const port = Number(text.split('\n')[0]);
    if (Number.isInteger(port) && port > 0) return port;
    if (signal.aborted) return null;
    if (Date.now() > end) throw new Error(`Chromium did not open its debugging port in ${timeoutMs / 1000} s`);
    await sleep(200);
  }
}

/** The deck's `kiosk.freeze` (s) from the built page's config, else the default 10 s; in ms. */
export async function builtFreezeMs(indexHtml: string): Promise<number> {
  const html = await readFile(indexHtml, 'utf8').catch(() => '');
  const json = /<script type="application\/json" id="gildeck-config">([\s\S]*?)<\/script>/.exec(html)?.[1];
  try {
    const freeze = (JSON.parse(json ?? '{}') as { kiosk?: { freeze?: unknown } }).kiosk?.freeze;
    return typeof freeze === 'number' && freeze > 0 ? freeze * 1000 : 10_000;
  } catch {
    return 10_000;
  }
}

/** Whether the page's main thread answers within `ms`. */
async function answers(cdp: CDPSession, ms: number): Promise<boolean> {
  const ping = cdp.send('Runtime.evaluate', { expression: '1', returnByValue: true }).then(
    () => true,
    () => true, // a page being replaced answers no more, but is not frozen
  );
  return Promise.race([ping, sleep(ms).then(() => false)]);
}

/**
 * Connects to the kiosk's Chromium (started with `--remote-debugging-port=0`, which listens on 127.0.0.1 only) and
 * asks the kiosk page every 2 s to run a trivial script. When it does not within `freezeMs`, its main thread is
 * blocked: the script running is ended (`Runtime.terminateExecution`, which V8 honours even inside an endless
 * loop) and the kiosk reloads at its slide, recording the recovery. Runs until the browser goes away.
 */
export async function watchKioskBrowser(o: { profile: string; origin: string; freezeMs: number; log: (line: string) => void; signal: AbortSignal }): Promise<void> {
  const port = await devToolsPort(o.profile, 20_000, o.signal);
  if (port === null) return;
  const { chromium } = await import('playwright-core');
  const browser = await chromium.connectOverCDP(`http://127.0.0.1:${port}`);
  let gone = false;
  browser.on('disconnected', () => (gone = true));
  // Stopping the watchdog only disconnects: the booth's browser stays open.
  const stop = () => void browser.close().catch(() => undefined);
  if (o.signal.aborted) stop();
  o.signal.addEventListener('abort', stop, { once: true });
  const context = browser.contexts()[0]!;
  let page = context.pages().find((p) => p.url().startsWith(o.origin));
  while (!page && !gone && !o.signal.aborted) {
    await sleep(200);
    page = context.pages().find((p) => p.url().startsWith(o.origin));
  }
  if (!page) return;
  const cdp = await context.newCDPSession(page);
  o.log(`watchdog: watching the kiosk page's main thread (a freeze over ${o.freezeMs / 1000} s is ended and the page reloaded at its slide)`);
  while (!gone && !page.isClosed()) {
    await sleep(PING_EVERY_MS);
    if (gone || page.isClosed() || (await answers(cdp, o.freezeMs))) continue;
    o.log(`watchdog: the kiosk page did not answer for ${o.freezeMs / 1000} s: ending the script that blocks it and reloading`);
    await cdp.send('Runtime.terminateExecution').catch(() => undefined);

    const frozen = o.freezeMs;
    await cdp
      .send('Runtime.evaluate', {
        expression: `(() => { const k = window.gildeck?.deck?.getPlugin?.('gildeck-kiosk'); if (k) k.recover(${frozen}, 'the browser watchdog of kiosk --open'); else location.reload(); })()`,
      })
      .catch(() => cdp.send('Page.reload').catch(() => undefined));
  }
}
