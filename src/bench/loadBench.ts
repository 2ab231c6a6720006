// `node build.mjs bench-load`: what a deck costs to open. The same 40-slide Markdown deck without widgets built by
// gildeck and rendered by Marp CLI, and gildeck's default talk (optionally beside earlier builds given with --before),
// each served from 127.0.0.1 and opened in fresh Chromium contexts, interleaved round by round: bytes loaded at start
// (gzip) and load-to-first-slide. For the talk also how soon each widget draws once its slide is shown.
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createRequire } from 'node:module';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join, normalize, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from 'playwright-core';
import { buildDeck } from '../cli/build.js';
import { RuntimeBundler } from '../cli/runtimeBundle.js';
import { HEADERS, isLoopbackHost } from '../cli/serveHandler.js';
import { typeOf } from '../cli/snapshot.js';
import { median, quantile } from '../stats.js';
import { launchChromium } from './chromium.js';
import { inlineText, startFiles } from './pageBytes.js';
import { plainDeck } from './plainDeck.js';
import { printTable, writeJson } from './report.js';

export interface LoadBenchOptions {
  root: string;
  /** Rounds; every variant loads once per round, in an order that rotates. */
  rounds: number;
  /** Earlier builds to load beside, as `label=folder` (e.g. the talk built before a change). */
  before: string[];
  json?: string;
}

interface Variant {
  label: string;
  dir: string;
  url?: string;
  server?: Server;
  /** Gzip bytes of the JS and CSS the page loads at start (inline for Marp), and of what it may load later. */
  startGzip: number;
  laterGzip: number;
  firstSlide: number[];
  widgets?: boolean;
}

const gz = (text: string | Buffer) => gzipSync(text, { level: 9 }).byteLength;

/**
 * JS and CSS a built page loads at start: linked and preloaded files, the runtime gildeck's first-paint script
 * starts by itself (named on it), and inline `<style>`/`<script>` (gildeck's start stylesheet and first-paint script;
 * all of what Marp's one file holds).
 */
export async function sizes(dir: string): Promise<{ start: number; later: number }> {
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  const linked = startFiles(html);
  const files = await Promise.all(linked.map((f) => readFile(join(dir, f))));
  const start = files.reduce((n, f) => n + gz(f), 0) + [inlineText(html, 'style'), inlineText(html, 'script')].filter(Boolean).reduce((n, t) => n + gz(t), 0);
  const manifest = /<script type="application\/json" id="gildeck-chunks">([^<]*)<\/script>/.exec(html)?.[1];
  const chunks = manifest ? [...new Set(Object.values(JSON.parse(manifest) as Record<string, { js: string[]; css: string[] }>).flatMap((u) => [...u.js, ...u.css]))] : [];
  const later = (await Promise.all(chunks.map((f) => readFile(join(dir, f))))).reduce((n, f) => n + gz(f), 0);
  return { start, later };
}

/** A static server for one folder on 127.0.0.1, with the dev server's headers (cross-origin isolated, no-store). */
function serveFolder(dir: string): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    if (!isLoopbackHost(req.headers.host)) return void res.writeHead(403).end();
    const path = normalize(join(dir, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    const file = path.endsWith(sep) ? join(path, 'index.html') : path;
    if (!file.startsWith(dir)) return void res.writeHead(404).end();
    readFile(file).then(
      (body) => res.writeHead(200, { ...HEADERS, 'Content-Type': typeOf(file) }).end(body),
      () => res.writeHead(404, HEADERS).end(),
    );
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })));
}

/** Set before the page's own scripts: the first animation frame at which the first slide's heading is visible. */
const FIRST_SLIDE = `window.__firstSlide = new Promise((done) => {
  const tick = () => {
    const h = document.querySelector('section h1');
    if (h && h.checkVisibility({ opacityProperty: true, visibilityProperty: true }) && h.getBoundingClientRect().width > 0) done(performance.now());
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});`;

async function firstSlide(browser: Browser, url: string): Promise<number> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.addInitScript(FIRST_SLIDE);
    await page.goto(url, { waitUntil: 'commit' });
    return await page.evaluate(() => (window as unknown as { __firstSlide: Promise<number> }).__firstSlide);
  } finally {
    await context.close();
  }
}

/**
 * For each widget slide of a deck: from the slide before it (after a presenter's pause there), the time from the
 * slide change to the first animation frame at which the widget has drawn (its chart or table is in the page).
 */
async function widgetFirstFrames(browser: Browser, url: string, pauseMs: number): Promise<Array<{ slide: string; widget: string; ms: number }>> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(() => (window as any).gildeck?.deck?.isReady());
    const slides = await page.evaluate(() => {
      const deck = (window as any).gildeck.deck;
      return [...document.querySelectorAll('.reveal .slides section')]
        .filter((s) => !s.querySelector('section') && [...s.querySelectorAll('*')].some((e) => e.localName.startsWith('gd-')))
        .map((s) => {
          const { h, v } = deck.getIndices(s);
          return { h: h as number, v: (v ?? 0) as number };
        });
    });
    const out: Array<{ slide: string; widget: string; ms: number }> = [];
    for (const { h, v } of slides) {
      await slideBefore(page, h, v);
      await page.waitForTimeout(pauseMs);
      const r = await page.evaluate(
        ([h, v]) =>
          new Promise<{ widget: string; ms: number }>((done) => {
            const deck = (window as any).gildeck.deck;
            const drawn = (el: Element) => !!el.querySelector('svg rect, svg path, svg text, td') || [...el.querySelectorAll('canvas')].some((c) => (c as HTMLCanvasElement).width > 0);
            let t0 = 0;
            const onChange = () => {
              t0 = performance.now();
              deck.off('slidechanged', onChange);
              const widgets = [...deck.getCurrentSlide().querySelectorAll('*')].filter((e: Element) => e.localName.startsWith('gd-'));
              // Checked at each animation frame, so the time is that of the first frame that shows the drawing.
              const tick = () => (widgets.every(drawn) ? done({ widget: widgets.map((w) => w.localName.slice(3)).join('+'), ms: performance.now() - t0 }) : requestAnimationFrame(tick));
              requestAnimationFrame(tick);
            };
            deck.on('slidechanged', onChange);
            deck.slide(h, v);
          }),
        [h, v] as const,
      );
      out.push({ slide: `${h}/${v}`, ...r });
    }
    return out;
  } finally {
    await context.close();
  }
}

/** Shows the slide a presenter sees just before (h, v): the one above, or the last of the previous stack. */
async function slideBefore(page: Page, h: number, v: number): Promise<void> {
  await page.evaluate(
    ([h, v]) => {
      const deck = (window as any).gildeck.deck;
      if (v > 0) return deck.slide(h, v - 1);
      const prev = deck.getSlide(h - 1);
      const below = prev?.parentElement?.classList.contains('stack') ? prev.parentElement.querySelectorAll(':scope > section').length - 1 : 0;
      return deck.slide(Math.max(0, h - 1), Math.max(0, below));
    },
    [h, v] as const,
  );
}

const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms (p25 ${quantile(xs, 0.25).toFixed(0)}, p75 ${quantile(xs, 0.75).toFixed(0)}, n ${xs.length})`;

export async function benchLoad(o: LoadBenchOptions): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'gildeck-bench-load-'));
  const bundler = new RuntimeBundler(o.root);
  const variants: Variant[] = [];
  let browser: Browser | null = null;
  try {
    const md = join(work, 'forty.md');
    await writeFile(md, plainDeck());
    const build = async (label: string, slides: string, dir: string) => {
      const s = await buildDeck({ root: o.root, slides, out: dir, bundler, rebundle: true });
      if (!s.ok) throw new Error(`${label}: the build failed`);
      variants.push({ label, dir, startGzip: 0, laterGzip: 0, firstSlide: [] });
    };
    await build('gildeck, 40 slides, no widget', md, join(work, 'gildeck-plain'));
    await build('gildeck, default talk', join(o.root, 'slides'), join(work, 'gildeck-talk'));
    let marp: string;
    try {
      marp = join(dirname(createRequire(join(o.root, 'package.json')).resolve('@marp-team/marp-cli/package.json')), 'marp-cli.js');
    } catch {
      throw new Error('bench-load compares with Marp CLI: install it (npm i -D @marp-team/marp-cli) and run again');
    }
    const r = spawnSync(process.execPath, [marp, md, '--html', '--no-config-file', '-o', join(work, 'marp', 'index.html')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`Marp CLI failed:\n${r.stderr}`);
    variants.push({ label: 'Marp CLI, 40 slides', dir: join(work, 'marp'), startGzip: 0, laterGzip: 0, firstSlide: [] });
    for (const spec of o.before) {
      const at = spec.indexOf('=');
      if (at < 1) throw new Error(`--before ${spec}: write --before LABEL=FOLDER (a built deck)`);
      variants.push({ label: spec.slice(0, at), dir: spec.slice(at + 1), startGzip: 0, laterGzip: 0, firstSlide: [] });
    }
    for (const v of variants) {
      const s = await sizes(v.dir);
      v.startGzip = s.start;
      v.laterGzip = s.later;
      Object.assign(v, await serveFolder(v.dir));
    }
    browser = await launchChromium();
    const before = loadavg()[0]!;
    console.log(`${o.rounds} rounds of ${variants.length} fresh loads each, interleaved (loadavg ${before.toFixed(2)})`);
    // One load each first, not counted: Chromium's own first-use costs.
    for (const v of variants) await firstSlide(browser, v.url!);
    for (let round = 0; round < o.rounds; round++) {
      for (let k = 0; k < variants.length; k++) {
        const v = variants[(round + k) % variants.length]!;
        v.firstSlide.push(await firstSlide(browser, v.url!));
      }
    }
    const talks = variants.filter((v) => v.label.includes('talk'));
    const frames: Record<string, Array<{ slide: string; widget: string; ms: number }>> = {};
    for (const v of talks) frames[v.label] = await widgetFirstFrames(browser, v.url!, 1000);
    const after = loadavg()[0]!;

    const marpV = variants.find((v) => v.label.startsWith('Marp'))!;
    const plainV = variants[0]!;
    const talkV = variants[1]!;
    const ratio = median(plainV.firstSlide) / median(marpV.firstSlide);
    // Loads of one round are seconds apart, so a round's ratio cancels most of what other processes do to the machine.
    const paired = (a: Variant, b: Variant) => a.firstSlide.map((t, i) => t / b.firstSlide[i]!);
    const ratioText = (r: number[]) => `${median(r).toFixed(2)} (p25 ${quantile(r, 0.25).toFixed(2)}, p75 ${quantile(r, 0.75).toFixed(2)})`;
    const plainVsMarp = paired(plainV, marpV);
    const talkBefore = variants.find((v) => v !== talkV && v.label.includes('talk'));
    printTable(`bench-load: load-to-first-slide in headless Chromium, ${o.rounds} interleaved rounds (loadavg ${before.toFixed(2)} -> ${after.toFixed(2)})`, [
      ...variants.map((v) => ({
        metric: v.label,
        value: `start ${(v.startGzip / 1024).toFixed(1)} KB gzip${v.laterGzip ? ` (+${(v.laterGzip / 1024).toFixed(1)} KB on demand)` : ''}; first slide ${ms(v.firstSlide)}`,
        ...(v === plainV ? { target: '<= 40 KB', ok: v.startGzip <= 40 * 1024 } : {}),
      })),
      { metric: 'gildeck / Marp, first slide (ratio of p50s)', value: ratio.toFixed(2), target: '<= 0.67', ok: ratio <= 0.67 },
      { metric: 'gildeck / Marp, first slide (per round)', value: ratioText(plainVsMarp), target: '<= 0.67', ok: median(plainVsMarp) <= 0.67 },
      ...(talkBefore
        ? [{ metric: `${talkV.label} / ${talkBefore.label}, first slide (per round)`, value: ratioText(paired(talkV, talkBefore)), target: '<= 1', ok: median(paired(talkV, talkBefore)) <= 1 }]
        : []),
      ...Object.entries(frames).map(([label, f]) => {
        const worst = f.reduce((a, b) => (b.ms > a.ms ? b : a), { slide: '', widget: '', ms: 0 });
        return { metric: `${label}: slide shown -> widget drawn`, value: `max ${worst.ms.toFixed(0)} ms (${worst.widget}, slide ${worst.slide}); p50 ${median(f.map((x) => x.ms)).toFixed(0)} ms over ${f.length} slides`, target: '< 100 ms', ok: worst.ms < 100 };
      }),
    ]);
    await writeJson(o.json, { loadavg: { before, after }, variants: variants.map(({ label, startGzip, laterGzip, firstSlide }) => ({ label, startGzip, laterGzip, firstSlide })), ratio, plainVsMarp, frames });
  } finally {
    await browser?.close();
    for (const v of variants) v.server?.close();
    await bundler.dispose();
    await rm(work, { recursive: true, force: true });
  }
}
