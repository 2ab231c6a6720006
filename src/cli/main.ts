import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../compiler/index.js';
import { type BuildSummary, buildDeck } from './build.js';
import { UsageError } from './deckFiles.js';
import { OutputError } from './output.js';
import { RuntimeBundler } from './runtimeBundle.js';
import { diskSlideCache } from './slideCache.js';
import type { ServeDeck } from '../bench/engineBench.js';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PYTHON_OF, type Strategy, STRATEGY_NAMES, type Workload, WORKLOADS } from '../engine/index.js';

export * from '../compiler/index.js';
export { buildDeck } from './build.js';
export { RuntimeBundler } from './runtimeBundle.js';

export interface CliContext {
  /** gildeck's own folder (where build.mjs, src/runtime and the recorder are). */
  root: string;
  /**
   * The presenter's project (its assets/ and recordings; the folder a build must never replace): gildeck's own
   * folder in its repository (the default), the current folder when gildeck is installed as a dependency.
   */
  project?: string;
  /** How the command is written in help and hints: `node build.mjs` (the default) or `gildeck`. */
  bin?: string;
  /** Where bundles are cached between runs, and the stamp of src/ and dependencies they are keyed by. */
  cacheDir?: string;
  stamp?: string;
}

const runtimeCache = (ctx: CliContext) => (ctx.cacheDir && ctx.stamp ? { dir: ctx.cacheDir, stamp: ctx.stamp } : undefined);

/** `trace`'s defaults, written once for its options and its help. */
const TRACE_DEFAULTS: { strategy: Strategy; workload: Workload } = { strategy: 'threads', workload: 'primes' };

const HELP_TEXT: Record<string, string> = {
  main: `gildeck: Markdown talks about parallelism, compiled into offline reveal.js decks.

Usage: node build.mjs <command> [options]

Commands:
  new          write a starter talk into a new folder (gildeck new talk)
  build        compile the deck into a static folder
  serve        build, serve on 127.0.0.1, rebuild and reload on every change
  kiosk        build once and serve the deck for an unattended booth (?kiosk); --open starts Chromium on it
  bench        benchmark the engine in Node (and with --browser in Chromium) (npm run bench)
  trace        run one workload on worker threads and write its Chrome trace
  soak         leave the kiosk running, accelerated, in headless Chromium and sample its memory (npm run soak)
  bench-build  time cold builds and rebuilds, measure output size (npm run bench:build)
  bench-load   bytes at start and load-to-first-slide in Chromium, beside Marp CLI on the same deck
  bench-compile  fit compile time against deck size for ordinary and hostile input families
  record-references  run each widget of the deck once and store it as the reference run print view shows
  export       export the deck: pdf (a handout), html (one self-contained file), trace (runs for Perfetto);
               or widgets (one script that runs the widgets in any page)
  docs         regenerate the widget reference in README.md from the widget registry

Run \`node build.mjs <command> --help\` for a command's options.`,
  new: `Usage: node build.mjs new DIR

Writes a starter talk into DIR, a new or empty folder: talk.md (front matter, a prologue, three acts, a finale,
two widgets, speaker notes), assets/logo.svg and a README.md saying how to serve, build and export it. It builds
with no warnings: node build.mjs serve DIR. A folder that has anything in it is refused; nothing is overwritten.

Options:
  --help  this text`,
  build: `Usage: node build.mjs build [DECK | --slides DIR|FILE] [--out DIR] [--force]

Compiles the deck into a static folder (index.html, content-hashed JS and CSS, assets/).
Every error is printed as file:line:col; on any error nothing is written and the exit code is 1.

The output folder is written aside and swapped in whole, so it always holds a complete build (a build killed
halfway is repaired by the next one). It is replaced only if it is absent, empty, or a previous build (marked by
the file .gildeck-output, which lists the files it wrote); anything else, or a file added to a previous build, is
refused. It is never a file, a folder holding the deck's sources (the project, the slides, their assets, the
current or home folder), or a folder inside an assets/, src/ or node_modules/, not even with --force.
Links in assets/ are copied as the files they point to; a link leaving the project is an error.

Options:
  DECK, --slides DIR|FILE  a Markdown file, or a folder of .md files read in name order (its README.md is not a
                     slide) (default: slides)
  --out DIR          the output folder, replaced only when the build succeeds (default: dist)
  --force            replace an --out folder that has other files in it (they are deleted)
  --help             this text`,
  serve: `Usage: node build.mjs serve [DECK | --slides DIR|FILE] [--out DIR] [--port 4173]

Builds the deck and serves it on http://127.0.0.1:PORT/ with the cross-origin isolation headers that shared
memory needs. Watches the slides, src/ and assets/; every change rebuilds and reloads the open browser. A failed
rebuild shows its errors over the page and keeps serving the last good deck. Ctrl-C stops it.

Options:
  DECK, --slides DIR|FILE  a Markdown file, or a folder of .md files (default: slides)
  --out DIR          where the served build is written (default: dist)
  --port N           the port, 0 for any free one (default: 4173)
  --python PATH      let widgets with engine=cpython run real Python now (e.g. --python python3): one run at a
                     time, at most 10 s, streamed into the widget, killed when its slide is left
  --help             this text`,
  kiosk: `Usage: node build.mjs kiosk [--slides DIR|FILE] [--out DIR] [--port 4174] [--open]

Builds the deck once and serves the built deck on http://127.0.0.1:PORT/ with the cross-origin isolation
headers, without watching or rebuilding. Prints the kiosk's address (/?kiosk) and the Chromium command line for
a kiosk window (full screen, no browser UI, a fresh profile). In the page, ?kiosk steps through the deck by
itself and loops; see "The kiosk" in README.md for what a visitor can and cannot do. Ctrl-C stops it.

Options:
  --slides DIR|FILE  a Markdown file, or a folder of .md files (default: slides)
  --out DIR          where the deck is built (default: dist)
  --port N           the port, 0 for any free one (default: 4174)
  --open             also start the system's Chromium in kiosk mode on the deck (/usr/bin/chromium, or
                     chromium, chromium-browser or google-chrome on PATH; CHROMIUM_PATH overrides), detached,
                     and watch it through its debugging port (127.0.0.1 only): a page frozen longer than the
                     deck's kiosk.freeze has its blocking script ended and reloads at its slide
  --help             this text`,
  trace: `Usage: node build.mjs trace --strategy S --workers N --workload W [--switch-interval MS] [--io-wait MS] [--seconds S] --out FILE

Runs one workload on Node worker threads under a strategy's rules and writes the trace as Chrome Trace Event JSON
(open it at ui.perfetto.dev): one track per worker, GIL waits and holds, I/O, copies, hand-offs as arrows.

Options:
  --strategy S         ${STRATEGY_NAMES.join(', ')} (default: ${TRACE_DEFAULTS.strategy})
  --workers N          workers: threads, interpreters or processes (default: 3)
  --workload W         ${WORKLOADS.join(', ')} (default: ${TRACE_DEFAULTS.workload})
  --switch-interval MS the GIL switch interval in milliseconds (default: 5)
  --io-wait MS         io and mixed workloads: each blocking I/O call, in ms; 0 is a call that returns at once
                       (it still drops the GIL for a modelled ~60 us syscall, like time.sleep(0)) (default: 1)
  --seconds S          seconds of single-core work in total, calibrated on this machine (default: 1)
  --out FILE           where to write the JSON (default: trace.json)
  --help               this text

Strategies, and the Python each stands for:
${STRATEGY_NAMES.map((s) => `  ${s.padEnd(21)}${PYTHON_OF[s].label}: ${PYTHON_OF[s].text}`).join('\n')}`,
  record: `Usage: node build.mjs record [--python PATH] [--strategy S] [--workers N] [--workload W] [--seconds S]
                             [--switch-interval MS] [--start-method M] [--io-wait MS] --out FILE.jsonl [--chrome FILE]

Runs the workload in a real Python interpreter (standard library only; 3.9 or newer, GIL or free-threaded) and
records what each thread, process or interpreter did: running Python, waiting for the GIL, preempted by the OS,
in I/O. Writes the recording as JSON lines, which a widget draws with trace=FILE, labelled as recorded.

Options:
  --python PATH        the interpreter (default: python3), e.g. python3.14t for free-threading
  --strategy S         ${STRATEGY_NAMES.join(', ')} (default: threads); free-threading needs a free-threaded
                       build, subinterpreters Python 3.14 or newer
  --workers N          threads, processes or interpreters (asyncio, sequential: tasks) (default: 2)
  --workload W         ${WORKLOADS.join(', ')} (default: countdown)
  --seconds S          seconds of one core's work in total, measured in that interpreter first (default: 1)
  --switch-interval MS sys.setswitchinterval, in milliseconds (default: 5)
  --start-method M     multiprocessing: fork, forkserver or spawn (default: the interpreter's own)
  --io-wait MS         io and mixed workloads: each time.sleep, in ms (default: 1)
  --out FILE.jsonl     where to write the recording (an existing file is replaced only if it is a recording)
  --chrome FILE        also write it as Chrome Trace Event JSON (open it at ui.perfetto.dev)
  --speedups           instead of one run, time each strategy this Python has (threads or free-threading, a
                       process pool, asyncio, subinterpreters from 3.14) against sequential runs of the same work,
                       2 workers, primes, --seconds of work per run, in ABBA pairs: for the compare table's python=
  --pairs N            --speedups: pairs per strategy (default: 6)
  --function FILE:NAME your own code instead of a workload: NAME() from FILE.py, called over and over (a unit is
                       a call); the recording fits any widget's workload and its label names your function
  --help               this text`,
  bench: `Usage: node build.mjs bench [--json FILE] [--browser] [--fidelity] [--page-loads [N]] [--seconds S] [--repeats N] [--hog]

Measures the engine on Node worker_threads (and, with --browser, in headless Chromium over the served deck):
speedup against worker count per strategy (against a sequential run measured in the same session), GIL slices
and hand-off latency, convoy latency, worker start and data-movement costs, and tracing overhead. Prints a table
with the targets; --json writes the numbers.

Options:
  --json FILE   write the results as JSON
  --browser     also run the suite in Chromium (/usr/bin/chromium)
  --fidelity    instead, run the same GIL scenarios in CPython (python3 on PATH) and in gildeck, alternated, and
                compare: slices, hand-offs, who wins, convoy, threads/sequential, start costs (ratio to CPython);
                there --repeats is the number of rounds and --seconds how long each scenario runs; with
                --browser gildeck's side also runs in Chromium, in its own columns
  --page-loads [N]  instead, N fresh page loads of the default talk in Chromium (default 10): each runs the
                free-threading timeline, the GIL heatmap and the finale's compare table and reads their figures
                from the screen; interleaved blocks of the engine benchmark measure the table's speedups in the
                same browser. Reports the timeline's wall max/min (<= 1.15), the heatmap's peak (<= 1.0), and per
                strategy whether each load's figure agrees with the benchmark blocks just before and after it:
                |table - bench| <= the sum of their stated ± (+0.01 for the table's rounding). About 30 s a load.
  --seconds S   seconds of single-core work per scaling run (default: 1)
  --repeats N   least interleaved pairs per speedup (seq, strat, strat, seq, ...); more until the 95% interval
                is within ±5% or the point's budget is spent (default: 3)
  --hog         keep one core busy with another process throughout (a busy laptop)
  --help        this text`,
  soak: `Usage: node build.mjs soak [--minutes 30] [--pace 1500] [--hold MS] [--max-wait MS] [--sample 30] [--slides DIR] [--json FILE]

npm run soak: builds a copy of the deck whose front matter paces the kiosk (kiosk: advance, hold, maxWait), serves
it and leaves ?kiosk running in headless Chromium (/usr/bin/chromium), sampling every --sample seconds: JS heap
after a full garbage collection, DOM nodes and event listeners, workers (the engine's and the browser's), the
slide, console errors. Prints the samples and the trends per hour against the targets: heap slope <= 5 MB/h, no
worker alive on a slide without demos, no step later than 2 steps past its due time, no console error.

Options:
  --minutes M        how long (default: 30)
  --pace MS          each step, in ms (default: 1500)
  --hold MS          a finished demo's result on screen (default: the pace)
  --max-wait MS      the longest a demo slide waits for its demos (default: 30000)
  --sample S         seconds between samples (default: 30)
  --slides DIR       the deck (default: slides; never written: a copy is paced)
  --json FILE        also write the samples and figures as JSON
  --help             this text`,
  'bench-compile': `Usage: node build.mjs bench-compile [--json FILE] [--only NAME]

Compiles decks of 10, 20, 40 and 80 KB from each input family (prose, slides, and shapes that once made the
parser quadratic) and fits the exponent of time over size: 1 is linear. Prints a table; --json writes FILE.

Options:
  --json FILE   write the results as JSON
  --only NAME   only the families whose name contains NAME
  --help        this text`,
  'record-references': `Usage: node build.mjs record-references [--slides DIR|FILE] [--missing] [--wait-idle S] [WIDGET ...]

Runs each widget instance of the deck once, with its own attributes, on Node worker threads, and writes the run
to the deck's .gildeck/references/<widget>-<hash>.json (the hash is of its validated attributes; instances with
the same attributes share one). The build embeds the runs of the deck's instances; print view shows an instance's
own run, labelled "reference run: Node 20 worker threads, 2 cores, <date>", when it never ran on the device, and
"no reference run for these settings" when it has none. Commit the folder with the deck. Once it exists, the
build warns about every instance without a run.

Options:
  --slides DIR|FILE  the deck (default: slides)
  --missing          record only configurations that have no reference run yet
  --wait-idle S      before each run, wait up to S seconds for other programs to leave the machine idle
                     (a run recorded on a busy machine says so in its label) (default: 0)
  WIDGET ...         only these widgets (default: every widget of the deck)
  --help             this text`,
  export: `Usage: node build.mjs export pdf   [--slides DIR|FILE] [--out deck.pdf] [--notes none|separate-page]
       node build.mjs export html  [--slides DIR|FILE] [--out deck.html]
       node build.mjs export trace [--slides DIR|FILE] [--out runs.json] [WIDGET ...]
       node build.mjs export widgets [--out gildeck-widgets.js]

pdf    Builds the deck, serves it on 127.0.0.1 and prints its print view (?print-pdf) with the system's Chromium
       (/usr/bin/chromium, or CHROMIUM_PATH; never downloaded): one page per slide, fragments shown, each widget
       drawn in its final state (this deck's reference run for that instance, labelled, or "no reference run")
       and nothing over the "Act · n/m" footer. --notes separate-page adds a notes page after each slide that
       has notes; --notes none leaves them out (default: as the deck's showNotes says).
html   One self-contained HTML file: scripts, styles, images and fonts inlined, the engine's worker a Blob. It
       works opened from disk or as an e-mail attachment, and makes no request at all; there the engine runs in
       its message fallback (no shared memory from file://) and every widget says so.
trace  Runs each widget instance of the deck once (one per configuration; only WIDGETs if named) on Node worker
       threads, as record-references does, and writes every engine run they made as one Chrome Trace JSON for
       ui.perfetto.dev: a process per run, named for its widget, its place in the slides and its number. In the
       browser, each widget's "trace" link (shown after a run) downloads that run the same way.
widgets  One script for any page (plain HTML, a blog post, a reveal.js, Quarto or Slidev deck): with
       <script src="gildeck-widgets.js"></script>, <gd-timeline strategy="threads" workers="4"></gd-timeline>
       and every other widget element work there, styles and engine included (its worker a Blob, so file://
       works; without cross-origin isolation the engine runs its message fallback, and each widget says so).
       A widget runs while it is on screen, or on the current slide of a page's window.Reveal deck; leaving
       stops its workers. It needs no deck (it takes no --slides).

The file is written aside and renamed into place, so a crash leaves the earlier one; --out replaces only an
earlier export of the same kind (a PDF, a gildeck page, a Chrome trace), never another file.

Options:
  --slides DIR|FILE  the deck (default: slides)
  --out FILE         where to write (default: deck.pdf, deck.html, runs.json, gildeck-widgets.js)
  --notes MODE       pdf: none or separate-page
  WIDGET ...         trace: only these widgets (default: every widget of the deck)
  --help             this text`,
  'bench-load': `Usage: node build.mjs bench-load [--rounds N] [--before LABEL=FOLDER ...] [--json FILE]

Builds a 40-slide Markdown deck with no widgets with gildeck and renders it with Marp CLI (a devDependency), builds
the default talk, serves each from 127.0.0.1 and opens them in fresh headless Chromium contexts, interleaved round
by round: JS+CSS gzip loaded at start (and on demand), load-to-first-slide (median, p25, p75). For the talk, the
time from each widget slide being shown (from the slide before, after a 1 s pause) to the widget's first drawing.

Options:
  --rounds N                 loads of each deck (default: 15)
  --before LABEL=FOLDER      also load an earlier build (e.g. the talk built before a change); repeatable
  --json FILE                write the results as JSON
  --help                     this text`,
  'bench-build': `Usage: node build.mjs bench-build [--slides DIR|FILE] [--json FILE] [--runs N]

Times a cold build (a fresh process), no-op and one-slide-edit rebuilds, and measures JS+CSS size raw and
gzipped. Prints a table; --json also writes the numbers to FILE.

Options:
  --slides DIR|FILE  the deck to build (default: slides)
  --json FILE        write the results as JSON
  --runs N           repetitions; medians are reported (default: 5)
  --help             this text`,
};

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;
/** "3 acts + prologue + finale": the prologue and finale are not counted as acts. */
const actsLine = (s: BuildSummary) => [count(s.acts, 'act'), ...(s.prologue ? ['prologue'] : []), ...(s.finale ? ['finale'] : [])].join(' + ');

export function printSummary(s: BuildSummary, out: string, log: (line: string) => void = console.log): void {
  for (const d of s.diagnostics) (d.severity === 'error' ? console.error : log)(formatDiagnostic(d));
  const errors = s.diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = s.diagnostics.length - errors;
  if (!s.ok) {
    console.error(`build failed: ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}; ${out} left as it was`);
    return;
  }
  log(
    `built ${out}: ${count(s.slides, 'slide')}, ${actsLine(s)}, ${count(s.widgets, 'widget')}, ${(s.bytes / 1024).toFixed(1)} KB in ${s.ms.toFixed(0)} ms` +
      (warnings ? ` (${count(warnings, 'warning')})` : ''),
  );
}

/** `--flag` given without its value (last, or followed by another option) gets `value`: parseArgs has no optional values. */
export function withDefaultValue(args: readonly string[], flag: string, value: string): string[] {
  const out = [...args];
  const i = out.indexOf(flag);
  if (i >= 0 && (i + 1 === out.length || out[i + 1]!.startsWith('-'))) out.splice(i + 1, 0, value);
  return out;
}

const common = {
  slides: { type: 'string', default: 'slides' },
  out: { type: 'string', default: 'dist' },
  help: { type: 'boolean', default: false },
} as const;

/**
 * The deck a command works on: its one positional argument (\`build talk\`) or --slides (default: slides). Both
 * given, or two decks, is an error.
 */
export function deckPath(slides: string, positionals: readonly string[], args: readonly string[]): string {
  if (positionals.length > 1) throw new UsageError(`one deck at a time, not ${positionals.join(' ')}; pass a folder of .md files or one .md file`);
  if (!positionals.length) return slides;
  if (args.some((a) => a === '--slides' || a.startsWith('--slides='))) throw new UsageError(`the deck is given twice (${positionals[0]} and --slides ${slides}); pass one of them`);
  return positionals[0]!;
}

/** The benchmark's deck server: serve, building the project's slides once into `out`, without watching. */
const serveBuiltDeck =
  (root: string): ServeDeck =>
  async (o) => {
    const { serve } = await import('./serve.js');
    return serve({ root, slides: join(root, 'slides'), out: o.out, port: 0, watch: false, until: o.until, onListening: o.onListening });
  };

/** Builds the deck once, printing the summary; the exit code of `build`. */
async function buildOnce(ctx: CliContext, o: { slides: string; out: string; force: boolean }, project: string): Promise<number> {
  const bundler = new RuntimeBundler(ctx.root, runtimeCache(ctx));
  try {
    const slideCache = ctx.cacheDir && ctx.stamp && !process.env.GILDECK_NO_CACHE ? diskSlideCache(join(ctx.cacheDir, `slides-${ctx.stamp}`)) : undefined;
    const summary = await buildDeck({ root: ctx.root, project, slides: o.slides, out: o.out, force: o.force, bundler, rebundle: true, ...(slideCache ? { slideCache } : {}) });
    printSummary(summary, o.out);
    return summary.ok ? 0 : 1;
  } finally {
    await bundler.dispose();
  }
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, not "${value}"`);
  return port;
}

/** Runs a command; returns the exit code. */
export async function main(argv: string[], ctx: CliContext): Promise<number> {
  const [command, ...rest] = argv;
  const project = ctx.project ?? ctx.root;
  const bin = ctx.bin ?? 'node build.mjs';
  /** Installed as a package: the repository's own commands (docs, the default talk's benchmarks) are not there. */
  const installed = project !== ctx.root;
  const HELP = Object.fromEntries(Object.entries(HELP_TEXT).map(([k, v]) => [k, v.replaceAll('node build.mjs', bin)]));
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    console.log(HELP.main);
    return command ? 0 : 1;
  }
  try {
    switch (command) {
      case 'build': {
        const { values, positionals } = parseArgs({ args: rest, options: { ...common, force: { type: 'boolean', default: false } }, allowPositionals: true, strict: true });
        if (values.help) return console.log(HELP.build), 0;
        const slides = deckPath(values.slides, positionals, rest);
        return await buildOnce(ctx, { slides, out: values.out, force: values.force }, project);
      }
      case 'serve': {
        const { values, positionals } = parseArgs({ args: rest, options: { ...common, port: { type: 'string', default: '4173' }, python: { type: 'string' } }, allowPositionals: true, strict: true });
        if (values.help) return console.log(HELP.serve), 0;
        const slides = deckPath(values.slides, positionals, rest);
        const port = parsePort(values.port);
        const { serve } = await import('./serve.js');
        return await serve({ root: ctx.root, project, slides, out: values.out, port, ...(values.python !== undefined ? { python: values.python } : {}) });
      }
      case 'new': {
        const { values, positionals } = parseArgs({ args: rest, options: { help: common.help }, allowPositionals: true, strict: true });
        if (values.help) return console.log(HELP.new), 0;
        if (positionals.length !== 1) throw new UsageError(`new takes one folder, the talk's (e.g. ${bin} new talk)${positionals.length ? `, not ${positionals.join(' ')}` : ''}`);
        const { newTalk } = await import('./newTalk.js');
        const written = await newTalk(positionals[0]!, { root: ctx.root, bin: bin === 'gildeck' ? 'npx gildeck' : bin });
        console.log(`wrote a starter talk in ${positionals[0]}: ${written.join(', ')}\nnext: ${bin === 'gildeck' ? 'npx gildeck' : bin} serve ${positionals[0]}`);
        return 0;
      }
      case 'kiosk': {
        const { values } = parseArgs({ args: rest, options: { ...common, port: { type: 'string', default: '4174' }, open: { type: 'boolean', default: false } }, strict: true });
        if (values.help) return console.log(HELP.kiosk), 0;
        const port = parsePort(values.port);
        const { findChromium, kioskCommandLine, openKiosk } = await import('./kiosk.js');
        // Before building: a missing browser is said at once.
        const chromium = values.open ? findChromium() : null;
        const shown = chromium ?? (() => {
          try {
            return findChromium();
          } catch {
            return 'chromium';
          }
        })();
        const built = await buildOnce(ctx, { ...values, force: false }, project);
        if (built !== 0) return built;
        const { serve } = await import('./serve.js');
        const watchdog = new AbortController();
        try {
          return await serve({
            root: ctx.root,
            project,
            slides: values.slides,
            out: values.out,
            port,
            watch: false,
            prebuilt: true,
            onListening: (url) => {
              const kiosk = `${url}?kiosk`;
              console.log(`kiosk: ${kiosk}\nfor a kiosk window (full screen, no browser UI, a fresh profile):\n  ${kioskCommandLine(kiosk, shown)}`);
              if (!chromium) return;
              const fail = (e: unknown) => console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
              openKiosk(kiosk, chromium).then(async ({ pid, profile }) => {
                console.log(`started ${chromium} in kiosk mode (pid ${pid}, profile ${profile}); close it with Alt+F4`);
                const { builtFreezeMs, watchKioskBrowser } = await import('./kioskWatchdog.js');
                const freezeMs = await builtFreezeMs(join(values.out, 'index.html'));
                await watchKioskBrowser({ profile, origin: new URL(url).origin, freezeMs, log: console.log, signal: watchdog.signal }).catch((e: unknown) => console.error(`watchdog: ${e instanceof Error ? e.message : String(e)}`));
              }, fail);
            },
          });
        } finally {
          watchdog.abort();
        }
      }
      case 'bench': {
        const { values } = parseArgs({ args: withDefaultValue(rest, '--page-loads', '10'), options: { json: { type: 'string' }, browser: { type: 'boolean', default: false }, fidelity: { type: 'boolean', default: false }, 'page-loads': { type: 'string' }, seconds: { type: 'string', default: '1' }, repeats: { type: 'string', default: '3' }, hog: { type: 'boolean', default: false }, help: common.help }, strict: true });
        if (values.help) return console.log(HELP.bench), 0;
        if (installed && (values.browser || values['page-loads'] !== undefined)) throw new UsageError(`bench ${values.browser ? '--browser' : '--page-loads'} runs gildeck's default talk, which only its repository has; run it there (npm run bench -- ${values.browser ? '--browser' : '--page-loads'})`);
        if (values['page-loads'] !== undefined) {
          const loads = Number(values['page-loads']);
          if (!Number.isInteger(loads) || loads < 1 || loads > 1000) throw new UsageError(`--page-loads must be a whole number of loads from 1 to 1000, not "${values['page-loads']}"; write e.g. --page-loads 10`);
          const { benchPageLoads } = await import('../bench/pageLoads.js');
          await benchPageLoads({ root: ctx.root, loads, serveDeck: serveBuiltDeck(ctx.root), ...(values.json ? { json: values.json } : {}) });
          return 0;
        }
        if (values.fidelity) {
          const { benchFidelity } = await import('../bench/fidelity.js');
          await benchFidelity({ root: ctx.root, repeats: Number(values.repeats), seconds: Number(values.seconds), browser: values.browser, serveDeck: serveBuiltDeck(ctx.root), ...(values.json ? { json: values.json } : {}) });
          return 0;
        }
        const { benchEngine } = await import('../bench/engineBench.js');
        await benchEngine({ root: ctx.root, browser: values.browser, seconds: Number(values.seconds), repeats: Number(values.repeats), hog: values.hog, serveDeck: serveBuiltDeck(ctx.root), ...(values.json ? { json: values.json } : {}) });
        return 0;
      }
      case 'soak': {
        const { values } = parseArgs({ args: rest, options: { slides: common.slides, help: common.help, json: { type: 'string' }, minutes: { type: 'string', default: '30' }, pace: { type: 'string', default: '1500' }, hold: { type: 'string' }, 'max-wait': { type: 'string', default: '30000' }, sample: { type: 'string', default: '30' } }, strict: true });
        if (values.help) return console.log(HELP.soak), 0;
        const number = (flag: string, raw: string, min: number, max: number, example: string) => {
          const v = Number(raw);
          if (!Number.isFinite(v) || v < min || v > max) throw new UsageError(`--${flag} must be a number from ${min} to ${max}, not "${raw}"; write e.g. --${flag} ${example}`);
          return v;
        };
        const paceMs = number('pace', values.pace, 1000, 3_600_000, '1500');
        const { soak } = await import('../bench/soak.js');
        await soak({
          root: ctx.root,
          slides: values.slides,
          minutes: number('minutes', values.minutes, 0.5, 1440, '30'),
          paceMs,
          holdMs: number('hold', values.hold ?? String(paceMs), 0, 600_000, '1500'),
          maxWaitMs: number('max-wait', values['max-wait'], 1000, 3_600_000, '30000'),
          sampleSeconds: number('sample', values.sample, 5, 3600, '30'),
          serveSlides: async (o) => {
            const { serve } = await import('./serve.js');
            return serve({ root: ctx.root, slides: o.slides, out: o.out, port: 0, watch: false, until: o.until, onListening: o.onListening });
          },
          ...(values.json ? { json: values.json } : {}),
        });
        return 0;
      }
      case 'bench-build': {
        const { values } = parseArgs({ args: rest, options: { slides: common.slides, help: common.help, json: { type: 'string' }, runs: { type: 'string', default: '5' } }, strict: true });
        if (values.help) return console.log(HELP['bench-build']), 0;
        const { benchBuild } = await import('../bench/buildBench.js');
        await benchBuild({ root: ctx.root, slides: values.slides, runs: Number(values.runs), ...(values.json ? { json: values.json } : {}) });
        return 0;
      }
      case 'bench-load': {
        const { values } = parseArgs({ args: rest, options: { help: common.help, json: { type: 'string' }, rounds: { type: 'string', default: '15' }, before: { type: 'string', multiple: true, default: [] } }, strict: true });
        if (values.help) return console.log(HELP['bench-load']), 0;
        if (!/^[1-9]\d{0,3}$/.test(values.rounds)) throw new UsageError(`--rounds ${values.rounds}: write a whole number of rounds from 1 to 9999, e.g. --rounds 15`);
        const { benchLoad } = await import('../bench/loadBench.js');
        await benchLoad({ root: ctx.root, rounds: Number(values.rounds), before: values.before, ...(values.json ? { json: values.json } : {}) });
        return 0;
      }
      case 'bench-compile': {
        const { values } = parseArgs({ args: rest, options: { json: { type: 'string' }, only: { type: 'string' }, help: common.help }, strict: true });
        if (values.help) return console.log(HELP['bench-compile']), 0;
        const { benchCompile } = await import('../bench/compileScaling.js');
        await benchCompile({ ...(values.json ? { json: values.json } : {}), ...(values.only ? { only: values.only } : {}) });
        return 0;
      }
      case 'trace': {
        const { values } = parseArgs({
          args: rest,
          options: {
            strategy: { type: 'string', default: TRACE_DEFAULTS.strategy },
            workers: { type: 'string', default: '3' },
            workload: { type: 'string', default: TRACE_DEFAULTS.workload },
            'switch-interval': { type: 'string', default: '5' },
            'io-wait': { type: 'string', default: '1' },
            seconds: { type: 'string', default: '1' },
            out: { type: 'string', default: 'trace.json' },
            help: common.help,
          },
          strict: true,
        });
        if (values.help) return console.log(HELP.trace), 0;
        const { traceCommand } = await import('./trace.js');
        await traceCommand({
          root: ctx.root,
          strategy: values.strategy,
          workers: Number(values.workers),
          workload: values.workload,
          switchIntervalMs: Number(values['switch-interval']),
          ioWaitMs: Number(values['io-wait']),
          seconds: Number(values.seconds),
          out: values.out,
        });
        return 0;
      }
      case 'record': {
        const { values } = parseArgs({
          args: rest,
          options: {
            python: { type: 'string', default: 'python3' },
            strategy: { type: 'string', default: 'threads' },
            workers: { type: 'string', default: '2' },
            workload: { type: 'string', default: 'countdown' },
            seconds: { type: 'string', default: '1' },
            'switch-interval': { type: 'string', default: '5' },
            'start-method': { type: 'string' },
            'io-wait': { type: 'string', default: '1' },
            out: { type: 'string' },
            chrome: { type: 'string' },
            speedups: { type: 'boolean', default: false },
            function: { type: 'string' },
            pairs: { type: 'string', default: '6' },
            help: common.help,
          },
          strict: true,
        });
        if (values.help) return console.log(HELP.record), 0;
        if (!values.out) throw new UsageError('record needs --out FILE.jsonl: where to write the recording (e.g. --out assets/traces/threads-2.jsonl)');
        const { recordCommand } = await import('./record.js');
        await recordCommand({
          root: ctx.root,
          python: values.python,
          strategy: values.strategy,
          workers: Number(values.workers),
          workload: values.workload,
          seconds: Number(values.seconds),
          switchIntervalMs: Number(values['switch-interval']),
          ...(values['start-method'] !== undefined ? { startMethod: values['start-method'] } : {}),
          ioWaitMs: Number(values['io-wait']),
          out: values.out,
          ...(values.chrome !== undefined ? { chrome: values.chrome } : {}),
          ...(values.speedups ? { speedups: { pairs: Number(values.pairs) } } : {}),
          ...(values.function !== undefined ? { function: values.function } : {}),
        });
        return 0;
      }
      case 'record-references': {
        const { values, positionals } = parseArgs({ args: rest, options: { slides: common.slides, missing: { type: 'boolean', default: false }, 'wait-idle': { type: 'string', default: '0' }, help: common.help }, allowPositionals: true, strict: true });
        if (values.help) return console.log(HELP['record-references']), 0;
        const { recordReferences } = await import('./references.js');
        const pkg = JSON.parse(await readFile(join(ctx.root, 'package.json'), 'utf8')) as { version?: string };
        const waitIdle = Number(values['wait-idle']);
        if (!(waitIdle >= 0)) throw new UsageError(`--wait-idle must be a number of seconds, not "${values['wait-idle']}"; write e.g. --wait-idle 60`);
        return await recordReferences({ root: ctx.root, slides: values.slides, only: positionals, missing: values.missing, waitIdle, version: pkg.version ?? '?' });
      }
      case 'export': {
        const [what, ...args] = rest;
        if (!what || what === '--help' || what === '-h') return console.log(HELP.export), what ? 0 : 2;
        const { values, positionals } = parseArgs({ args, options: { slides: common.slides, out: { type: 'string' }, notes: { type: 'string' }, help: common.help }, allowPositionals: true, strict: true });
        if (values.help) return console.log(HELP.export), 0;
        if (what === 'widgets' && args.some((a) => a === '--slides' || a.startsWith('--slides='))) throw new UsageError('export widgets takes no --slides: the bundle is the same for every page; write node build.mjs export widgets [--out FILE]');
        const { exportCommand } = await import('./exportCommand.js');
        const onBuilt = (s: BuildSummary) => printSummary(s, 'the deck');
        return await exportCommand(what, { root: ctx.root, project, slides: values.slides, out: values.out, notes: values.notes, widgets: positionals, onBuilt, ...(runtimeCache(ctx) ? { cache: runtimeCache(ctx)! } : {}) });
      }
      case 'docs': {
        const { values } = parseArgs({ args: rest, options: { help: common.help }, strict: true });
        if (values.help) return console.log('Usage: node build.mjs docs\n\nRegenerates the widget reference in README.md (between its widget-reference markers) from the widget registry.'), 0;
        if (installed) throw new UsageError("docs regenerates gildeck's own README.md, in gildeck's repository only; your deck needs no docs step");
        const readme = join(ctx.root, 'README.md');
        const { withWidgetReference } = await import('../widgets/reference.js');
        await writeFile(readme, withWidgetReference(await readFile(readme, 'utf8')));
        console.log('updated the widget reference in README.md');
        return 0;
      }
      default:
        throw new UsageError(`unknown command "${command}"; commands: ${[...Object.keys(HELP).filter((k) => k !== 'main'), 'docs'].join(', ')}`);
    }
  } catch (e) {
    if (e instanceof OutputError || (e as Error).name === 'ExportError') return console.error(`error: ${(e as Error).message}`), 1;
    if (e instanceof UsageError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      const known = command in HELP || command === 'docs';
      console.error(`error: ${(e as Error).message}\nrun \`${bin} ${known ? `${command} ` : ''}--help\` for usage`);
      return 2;
    }
    throw e;
  }
}
