import { basename, relative } from 'node:path';
import { UsageError } from './deckFiles.js';
import { RuntimeBundler } from './runtimeBundle.js';
import type { BuildSummary } from './build.js';

export interface ExportArgs {
  root: string;
  /** The presenter's project (see BuildOptions.project). */
  project?: string;
  slides: string;
  out: string | undefined;
  notes: string | undefined;
  /** Widget names: only these (export trace). */
  widgets: string[];
  cache?: { dir: string; stamp: string };
  /** Prints the build's diagnostics and summary (the CLI's usual lines). */
  onBuilt: (s: BuildSummary) => void;
}

const KINDS = ['pdf', 'html', 'trace', 'widgets'] as const;
const DEFAULT_OUT: Record<(typeof KINDS)[number], string> = { pdf: 'deck.pdf', html: 'deck.html', trace: 'runs.json', widgets: 'gildeck-widgets.js' };

const size = (bytes: number) => (bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${(bytes / 1024).toFixed(1)} KB`);
const plural = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** `node build.mjs export pdf|html|trace|widgets`: returns the exit code. */
export async function exportCommand(what: string, args: ExportArgs): Promise<number> {
  if (!(KINDS as readonly string[]).includes(what)) throw new UsageError(`unknown export "${what}"; write export pdf, export html, export trace or export widgets`);
  const kind = what as (typeof KINDS)[number];
  const out = args.out ?? DEFAULT_OUT[kind];
  if (args.notes !== undefined && kind !== 'pdf') throw new UsageError(`--notes is an option of export pdf, not export ${kind}`);
  if (args.widgets.length && kind !== 'trace') throw new UsageError(`export ${kind} takes no widget names (${args.widgets.join(' ')}); only export trace does`);
  const shown = relative(process.cwd(), out) || out;
  if (kind === 'widgets') {
    // No deck: the bundle is the same for every page (every widget, the engine, their styles).
    const { exportWidgets } = await import('./widgetsBundle.js');
    const r = await exportWidgets({ root: args.root, out });
    console.log(`wrote ${shown}: ${plural(r.widgets, 'widget element')} (gd-timeline, gd-gil, ...) with their styles and the engine, ${size(r.bytes)} (${size(r.gzip)} gzip); load it with <script src="${basename(out)}"></script>`);
    return 0;
  }
  const bundler = new RuntimeBundler(args.root, args.cache);
  try {
    const { onBuilt } = args;
    switch (kind) {
      case 'pdf': {
        const { exportPdf, NOTES_OPTIONS } = await import('./exportPdf.js');
        if (args.notes !== undefined && !(NOTES_OPTIONS as readonly string[]).includes(args.notes)) throw new UsageError(`--notes must be ${NOTES_OPTIONS.join(' or ')}, not "${args.notes}"`);
        const r = await exportPdf({ root: args.root, ...(args.project ? { project: args.project } : {}), slides: args.slides, out, bundler, onBuilt, ...(args.notes ? { notes: args.notes as 'none' | 'separate-page' } : {}) });
        const by = (p: string) => r.widgets.filter((w) => w.provenance === p).length;
        console.log(
          `wrote ${shown}: ${plural(r.pages, 'page')} (${plural(r.slides, 'slide')}${r.notesPages ? `, ${plural(r.notesPages, 'notes page')}` : ''}), ` +
            `${plural(r.widgets.length, 'widget')} drawn (${by('measured')} measured, ${by('reference')} reference runs, ${by('none')} without a run), ${size(r.bytes)}`,
        );
        return 0;
      }
      case 'html': {
        const { exportHtml } = await import('./exportHtml.js');
        const r = await exportHtml({ root: args.root, ...(args.project ? { project: args.project } : {}), slides: args.slides, out, bundler, onBuilt });
        console.log(`wrote ${shown}: one self-contained page, ${plural(r.inlined, 'file')} inlined, ${size(r.bytes)}`);
        return 0;
      }
      case 'trace': {
        const { exportTrace } = await import('./exportTrace.js');
        const r = await exportTrace({ root: args.root, slides: args.slides, out, only: args.widgets });
        console.log(`wrote ${shown}: ${plural(r.runs, 'run')} of ${plural(r.widgets, 'widget')}, ${plural(r.events, 'trace event')}, ${size(r.bytes)}; open it at ui.perfetto.dev`);
        return 0;
      }
    }
  } finally {
    await bundler.dispose();
  }
}
