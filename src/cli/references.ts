import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { dirname, join, relative } from 'node:path';
import { compileDeck, formatDiagnostic, type WidgetUse } from '../compiler/index.js';
import { Engine } from '../engine/index.js';
import { nodeHost } from '../engine/nodeHost.js';
import { BUSY, type ReferenceRun, referenceKey, referenceLabel } from '../widgets/referenceRun.js';
import { LIVE_WIDGETS } from '../widgets/registry.js';
import { engineSource } from '../widgets/source.js';
import { driveWidget } from '../widgets/work.js';
import { readDeckFiles, UsageError } from './deckFiles.js';
import { readReferenceFile, referencePath, referencesDir } from './referenceStore.js';
import { bundleWorker } from './workerBundle.js';

export interface RecordOptions {
  root: string;
  /** The deck: a Markdown file or a folder of them. */
  slides: string;
  /** Only these widgets (by name); all when empty. */
  only: string[];
  /** Skip configurations that already have a valid reference run. */
  missing?: boolean;
  /** gildeck's version, for the label of what engine measured a run. */
  version: string;
  /** Seconds to wait, before each run, for other programs to leave the machine idle (0: record at once). */
  waitIdle?: number;
}

/** Hundredths of a millisecond are plenty for a picture, and halve what every page carries. */
const rounded = (run: ReferenceRun) => JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v));

/** Cores' worth of CPU other programs used over a moment, from the kernel's counters (the engine is idle meanwhile). */
async function busyCores(ms = 300): Promise<number> {
  const sum = () => cpus().reduce((a, c) => ({ idle: a.idle + c.times.idle, total: a.total + c.times.user + c.times.nice + c.times.sys + c.times.irq + c.times.idle }), { idle: 0, total: 0 });
  const a = sum();
  await sleep(ms);
  const b = sum();
  const total = b.total - a.total;
  return total > 0 ? Math.round(((total - (b.idle - a.idle)) / total) * cpus().length * 10) / 10 : 0;
}

/** The deck's widget instances, one per configuration (two instances with the same attributes share a run). */
function configurations(uses: readonly WidgetUse[]): WidgetUse[] {
  const seen = new Map<string, WidgetUse>();
  for (const u of uses) if (!seen.has(referenceKey(u.name, u.values))) seen.set(referenceKey(u.name, u.values), u);
  return [...seen.values()];
}

/**
 * Runs each widget instance of a deck once, with its own attributes, on Node worker threads, and stores the run
 * in the deck's `.gildeck/references/<name>-<hash>.json`: the labelled picture print view shows for that
 * configuration when it never ran on the device. Returns the exit code.
 */
export async function recordReferences(opts: RecordOptions): Promise<number> {
  for (const n of opts.only) if (!LIVE_WIDGETS.has(n)) throw new UsageError(`"${n}" is not a live widget; live widgets: ${[...LIVE_WIDGETS.keys()].join(', ')}`);
  const files = await readDeckFiles(opts.slides);
  const compiled = compileDeck(files);
  if (!compiled.ok) {
    for (const d of compiled.diagnostics) console.error(formatDiagnostic(d));
    console.error('error: the deck does not compile; fix it, then record its references');
    return 1;
  }
  const deckDir = (await stat(opts.slides)).isFile() ? dirname(opts.slides) : opts.slides;
  const all = configurations(compiled.deck.columns.flat().flatMap((s) => s.widgets));
  await removeStale(deckDir, all, opts.only);
  let todo = all.filter((u) => !opts.only.length || opts.only.includes(u.name));
  if (opts.missing) {
    const found = await Promise.all(todo.map((u) => readReferenceFile(referencePath(deckDir, u), u)));
    todo = todo.filter((_, i) => found[i] === null || found[i] instanceof Error);
  }
  if (!todo.length) {
    console.log('nothing to record: every widget configuration has its reference run');
    return 0;
  }
  const worker = await bundleWorker(opts.root);
  const engineId = `gildeck ${opts.version}, worker ${createHash('sha256').update(worker).digest('hex').slice(0, 12)}`;
  const engine = new Engine(nodeHost(worker));
  try {
    for (const use of todo) {
      const def = LIVE_WIDGETS.get(use.name)!;
      // Another program busy on the machine slows every run down: say so, and keep what it used with the run.
      let busy = await busyCores();
      for (const until = Date.now() + (opts.waitIdle ?? 0) * 1000; busy >= BUSY && Date.now() < until; ) busy = await busyCores();
      if (busy >= BUSY) console.warn(`warning: other programs are using ${busy} of ${engine.host.cores} cores: ${use.name} at ${use.location.file}:${use.location.line} may run slower than on an idle machine; record again when it is idle`);
      const t0 = performance.now();
      const data = await driveWidget(def, use.values, engineSource(engine));
      const recorded = {
        widget: use.name,
        key: referenceKey(use.name, use.values),
        attributes: use.values,
        recordedAt: new Date().toISOString(),
        runtime: `Node ${process.versions.node.split('.')[0]} worker threads`,
        cores: engine.host.cores,
        engine: engineId,
        busyCores: busy,
        data,
      };
      // The summary as the deck will show it: a reference run's words ("recorded ahead"), not a live run's.
      const shown = def.asReference ? def.asReference(data, referenceLabel(recorded), use.values) : data;
      const run: ReferenceRun = { ...recorded, summary: def.summary(shown) };
      const path = referencePath(deckDir, use);
      await mkdir(dirname(path), { recursive: true });
      // Written aside and renamed: an interrupted recording never leaves half a file for the build to embed.
      await writeFile(`${path}.tmp`, `${rounded(run)}\n`);
      await rename(`${path}.tmp`, path);
      console.log(`${relative(process.cwd(), path)} (${use.name} at ${use.location.file}:${use.location.line}): ${((performance.now() - t0) / 1000).toFixed(1)} s, ${referenceLabel(run)}`);
    }
  } finally {
    await engine.dispose();
  }
  return 0;
}

/**
 * Removes the reference runs no widget of the deck uses any more (its settings changed, or it was deleted), so the
 * folder committed with the deck holds only what the build embeds. Only files gildeck wrote: named
 * `<widget>-<hash>.json` and holding a run whose `widget` and `key` match that name (and `.tmp` files of an
 * interrupted recording); anything else in the folder is left alone. With `only`, only those widgets' files.
 */
async function removeStale(deckDir: string, uses: readonly WidgetUse[], only: readonly string[]): Promise<void> {
  const dir = referencesDir(deckDir);
  const names = await readdir(dir).catch(() => [] as string[]);
  const used = new Set(uses.map((u) => referenceKey(u.name, u.values)));
  for (const name of names) {
    const m = /^([a-z]+)-[0-9a-f]{12}\.json(\.tmp)?$/.exec(name);
    if (!m || !LIVE_WIDGETS.has(m[1]!) || (only.length && !only.includes(m[1]!))) continue;
    const key = name.replace(/\.json(\.tmp)?$/, '');
    if (used.has(key) && !m[2]) continue;
    if (!m[2]) {
      const run = await readFile(join(dir, name), 'utf8').then((t) => JSON.parse(t) as Partial<ReferenceRun>, () => null);
      if (!run || run.widget !== m[1] || run.key !== key) continue;
    }
    await rm(join(dir, name), { force: true });
    console.log(`removed ${relative(process.cwd(), join(dir, name))}: ${m[2] ? 'left by an interrupted recording' : 'no widget of the deck has these settings any more'}`);
  }
}
