import type { Page } from 'playwright-core';
import { PRINT_READY_ATTRIBUTE } from '../widgets/print.js';
import { checkExportTarget, PDF, writeExport } from './exportFile.js';
import { ExportError, requireChromium, withBuiltDeck, withChromium, withServedFolder } from './exportDeck.js';
import { countPdfPages } from './pdfPages.js';
import type { BuildSummary } from './build.js';
import type { RuntimeBundler } from './runtimeBundle.js';

export type NotesOption = 'none' | 'separate-page';
export const NOTES_OPTIONS: readonly NotesOption[] = ['none', 'separate-page'];

export interface PdfOptions {
  root: string;
  project?: string;
  slides: string;
  out: string;
  /** Notes pages after each slide, none, or (undefined) as the deck's `showNotes` says. */
  notes?: NotesOption;
  bundler: RuntimeBundler;
  /** How long every widget together may take to draw its final picture. */
  timeoutMs?: number;
  log?: (line: string) => void;
  onBuilt?: (s: BuildSummary) => void;
  /** Called with the page before it loads the deck (tests break a widget there). */
  prepare?: (page: Page) => Promise<unknown>;
}

/** What the printed page holds, read from print view before printing. */
interface PrintedDeck {
  slides: number;
  notesPages: number;
  widgets: Array<{ name: string; slide: number; state: string; provenance: string; message: string }>;
  /** Slides whose content reaches into the footer band. */
  overlaps: number[];
  /** Slides print view scaled down to fit their page, and by how much (1 = not at all). */
  scaled: Array<{ slide: number; scale: number }>;
}

/** A slide scaled below this to fit its page is worth a warning: its text gets small. */
const SMALL_SCALE = 0.75;

/** Renders the deck's print view (`?print-pdf`) in Chromium: one page per slide, every widget drawn, notes pages if asked. */
export async function exportPdf(opts: PdfOptions): Promise<PrintedDeck & { bytes: number; pages: number }> {
  const log = opts.log ?? console.log;
  await checkExportTarget(opts.out, PDF);
  requireChromium();
  return withBuiltDeck({ root: opts.root, ...(opts.project ? { project: opts.project } : {}), slides: opts.slides, bundler: opts.bundler, ...(opts.onBuilt ? { onBuilt: opts.onBuilt } : {}) }, ({ dir }) =>
    withServedFolder(dir, (url) =>
      withChromium(async (browser) => {
        const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
        const problems: string[] = [];
        page.on('pageerror', (e) => problems.push(e.message));
        await opts.prepare?.(page);
        const notes = opts.notes === undefined ? '' : `&showNotes=${opts.notes === 'none' ? 'false' : opts.notes}`;
        await page.goto(`${url}?print-pdf${notes}`);
        const printed = await waitUntilPrinted(page, opts.timeoutMs ?? 60_000);
        for (const p of problems) log(`warning: the page reported an error: ${p}`);
        const failed = printed.widgets.filter((w) => w.state === 'error');
        if (failed.length) throw new ExportError(`${failed.map((w) => `widget ${w.name} on slide ${w.slide} could not be drawn: ${w.message}`).join('\n')}\nfix the widget's attributes in the slides (build prints where), then export again`);
        if (printed.overlaps.length) log(`warning: content reaches the footer on slide ${printed.overlaps.join(', ')}`);
        for (const { slide, scale } of printed.scaled.filter((s) => s.scale < SMALL_SCALE)) log(`warning: slide ${slide} is printed at ${Math.round(scale * 100)}% to fit its page; split it, or shorten it, for a legible handout`);
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
        const pages = countPdfPages(pdf);
        const expected = printed.slides + printed.notesPages;
        if (pages !== expected) throw new ExportError(`the PDF has ${pages} pages for ${printed.slides} slides${printed.notesPages ? ` and ${printed.notesPages} notes pages` : ''}; it was not written`);
        await writeExport(opts.out, pdf, PDF);
        return { ...printed, pages, bytes: pdf.byteLength };
      }),
    ),
  );
}

/** Waits (bounded) until print view says every page is laid out and every widget drawn; names the widgets that never were. */
async function waitUntilPrinted(page: Page, timeoutMs: number): Promise<PrintedDeck> {
  const ready = await page
    .waitForFunction((attr) => document.documentElement.getAttribute(attr) === 'ready', PRINT_READY_ATTRIBUTE, { timeout: timeoutMs, polling: 100 })
    .then(() => true)
    .catch(() => false);
  const printed = await page.evaluate(readPrintedDeck);
  if (!ready) {
    const late = printed.widgets.filter((w) => !w.state);
    const what = late.length ? `widget${late.length === 1 ? '' : 's'} ${late.map((w) => `${w.name} (slide ${w.slide})`).join(', ')} never drew ${late.length === 1 ? 'its' : 'their'} final picture` : 'print view never finished laying out its pages';
    throw new ExportError(`${what} within ${Math.round(timeoutMs / 1000)} s; nothing was written`);
  }
  return printed;
}

/** Runs in the page: what print view built. */
function readPrintedDeck(): PrintedDeck {
  const pages = Array.from(document.querySelectorAll<HTMLElement>('.pdf-page'));
  const slideOf = (el: Element) => pages.findIndex((p) => p.contains(el)) + 1;
  const widgets = Array.from(document.querySelectorAll<HTMLElement>('.reveal .slides *'))
    .filter((el) => el.tagName.startsWith('GD-'))
    .map((el) => ({
      name: el.tagName.slice(3).toLowerCase(),
      slide: slideOf(el),
      state: el.getAttribute('data-print') ?? '',
      provenance: el.getAttribute('data-provenance') ?? '',
      message: el.querySelector('.gd-widget-error')?.textContent ?? '',
    }));
  const overlaps: number[] = [];
  const scaled: Array<{ slide: number; scale: number }> = [];
  pages.forEach((p, i) => {
    const zoom = Number(p.querySelector<HTMLElement>(':scope > section > :not(.gd-act-indicator)')?.style.zoom) || 1;
    if (zoom < 1) scaled.push({ slide: i + 1, scale: zoom });
    const section = p.querySelector(':scope > section');
    const footer = section?.querySelector(':scope > .gd-act-indicator');
    if (!section || !footer) return;
    const top = footer.getBoundingClientRect().top;
    for (const c of Array.from(section.children)) {
      if (c === footer || c.matches('aside.notes')) continue;
      if (c.getBoundingClientRect().bottom > top + 0.5) {
        overlaps.push(i + 1);
        break;
      }
    }
  });
  return { slides: pages.length, notesPages: document.querySelectorAll('.speaker-notes-pdf[data-layout="separate-page"]').length, widgets, overlaps, scaled };
}
