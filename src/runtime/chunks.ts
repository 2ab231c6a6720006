// The page loads the engine and each widget's code only when a slide needs it. Chunks are classic scripts (file://
// and an exported single page both work) that register a function under their file name in a global; nothing runs
// until the loader requires a unit's entry, which requires the chunks it imports, CommonJS style.
import { elementName } from '../widgets/elementName.js';

/** The global the chunks register into (see classicChunk in src/cli/runtimeBundle.ts). */
export const CHUNK_GLOBAL = '__gildeckChunks';
/** The unit holding the engine (and its worker's source), shared by every widget. */
export const ENGINE_UNIT = 'engine';
/** reveal.js's notes plugin (the speaker view's window), loaded when the speaker view is first opened. */
export const NOTES_UNIT = 'notes';
/** The URL-option checker (the front matter's schema), loaded only by a page whose address carries options. */
export const URL_OPTIONS_UNIT = 'url-options';
/** The note saying what the address asked for and did not get (urlNotes.ts), loaded only when there is one. */
export const URL_NOTES_UNIT = 'url-notes';
/** The kiosk (its plugin, preset and stylesheet), loaded only by a page whose address says `?kiosk`. */
export const KIOSK_UNIT = 'kiosk';
/** Print view's page fitting and stylesheet, and reveal.js's print view, loaded only in print view (`?print-pdf`, or `view: print`). */
export const PRINT_UNIT = 'print';
/** reveal.js's scroll view and its stylesheet, loaded only when the address asks for it (`?view=scroll`). */
export const SCROLL_VIEW_UNIT = 'scroll-view';
/** reveal.js's overlay's stylesheet (preview links, the help screen): loaded at start by a deck with preview links, else when an overlay first opens. */
export const OVERLAY_UNIT = 'overlay';
/** reveal.css's transitions other than the defaults (transitions.ts), loaded when the deck or the address uses one. */
export const TRANSITIONS_UNIT = 'transitions';
/**
 * reveal.css's fragment styles, layout helpers (and fitty, which fits `r-fit-text`), right-to-left, linear
 * navigation and edge controls (revealExtras.ts).
 */
export const REVEAL_EXTRAS_UNIT = 'reveal-extras';
/** reveal.js's auto-animate and its rules, loaded before the deck starts by a deck whose slides use it. */
export const AUTO_ANIMATE_UNIT = 'auto-animate';
/**
 * reveal.css's rules for what a presenter opens later (the overview, pause, jump to slide, fullscreen, printing the
 * page with Ctrl+P): loaded once the first slide is shown.
 */
export const LATER_UNIT = 'later';
/** Units every deck has (loaded when needed), whatever widgets it uses. */
export const RUNTIME_UNITS: readonly string[] = [NOTES_UNIT, URL_OPTIONS_UNIT, URL_NOTES_UNIT, KIOSK_UNIT, PRINT_UNIT, SCROLL_VIEW_UNIT, OVERLAY_UNIT, TRANSITIONS_UNIT, REVEAL_EXTRAS_UNIT, AUTO_ANIMATE_UNIT, LATER_UNIT];
/** Units that are not widgets: every other unit is a widget's, named as its directive. */
const NOT_WIDGETS: readonly string[] = [ENGINE_UNIT, ...RUNTIME_UNITS];
/** The id of the page's `<script type="application/json">` that lists the deck's units. */
export const CHUNKS_ID = 'gildeck-chunks';
/** On a `<script>`/`<style>` an exported page inlines: the chunk file it stands for, so the loader fetches nothing. */
export const FILE_ATTRIBUTE = 'data-gd-file';
/**
 * On the deck's own styles (its theme keys, its `style:` sheet), which must come after every stylesheet of gildeck's
 * so that their rules win: a unit's stylesheet, loaded later, goes before the first of them.
 */
export const DECK_STYLE_ATTRIBUTE = 'data-gd-deck-style';

/** Puts a stylesheet of gildeck's into the head: after gildeck's others, before the deck's own styles. */
export function insertGildeckStyle(doc: Document, el: Element): void {
  doc.head.insertBefore(el, doc.head.querySelector(`[${DECK_STYLE_ATTRIBUTE}]`));
}

/** One unit's files: chunk scripts (its entry last) and stylesheets. */
export interface UnitFiles {
  js: string[];
  css: string[];
  entry: string;
}

/** Every unit the deck uses, by name: `notes`, and `engine` and each widget's directive name if it uses widgets. */
export type ChunkManifest = Record<string, UnitFiles>;

type ChunkFunction = (require: (path: string) => unknown, module: { exports: unknown }, exports: unknown) => void;

const FILE_NAME = /^[\w.-]+\.(js|css)$/;

/** A manifest read from the page, or an empty one when it is missing or malformed (the deck then runs without widgets). */
export function parseManifest(text: string | null | undefined): ChunkManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text ?? '{}');
  } catch {
    return {};
  }
  const out: ChunkManifest = {};
  if (!raw || typeof raw !== 'object') return out;
  const names = (v: unknown) => (Array.isArray(v) && v.every((n) => typeof n === 'string' && FILE_NAME.test(n)) ? (v as string[]) : null);
  for (const [unit, files] of Object.entries(raw as Record<string, Partial<UnitFiles>>)) {
    const js = names(files?.js);
    const css = names(files?.css);
    if (js && css && typeof files.entry === 'string' && js.includes(files.entry)) out[unit] = { js, css, entry: files.entry };
  }
  return out;
}

/** Loads units by injecting their files once, and requires their entries; one per page. */
export class ChunkLoader {
  private readonly files = new Map<string, Promise<void>>();
  private readonly modules = new Map<string, { exports: unknown }>();
  private readonly units = new Map<string, Promise<unknown>>();

  constructor(
    readonly manifest: ChunkManifest,
    private readonly doc: Document,
    private readonly registry: () => Record<string, ChunkFunction | undefined> = () => ((globalThis as Record<string, unknown>)[CHUNK_GLOBAL] ?? {}) as Record<string, ChunkFunction>,
  ) {}

  /** The widgets the deck uses, as a selector for their elements ('' when there are none). */
  get widgetSelector(): string {
    return Object.keys(this.manifest)
      .filter((u) => !NOT_WIDGETS.includes(u))
      .map(elementName)
      .join(',');
  }

  /** The unit's exports if it has been required already (synchronously), else undefined. */
  required(unit: string): unknown {
    const files = this.manifest[unit];
    return files ? this.modules.get(files.entry)?.exports : undefined;
  }

  /** Loads the unit's files (once; again after a failure) and requires its entry. Rejects with a message naming the file. */
  load(unit: string): Promise<unknown> {
    let p = this.units.get(unit);
    if (!p) {
      const files = this.manifest[unit];
      p = files
        ? Promise.all([...files.css.map((f) => this.file(f, 'css')), ...files.js.map((f) => this.file(f, 'js'))]).then(() => this.require(files.entry))
        : Promise.reject(new Error(unit === ENGINE_UNIT ? 'this deck uses no widget, so its page has no engine' : `the build of this deck has no code for "${unit}"`));
      p.catch(() => this.units.delete(unit));
      this.units.set(unit, p);
    }
    return p;
  }

  /** Loads only the unit's stylesheets: the units that are reveal.css's parts have no code to run. */
  styles(unit: string): Promise<void> {
    const files = this.manifest[unit];
    if (!files) return Promise.reject(new Error(`the build of this deck has no stylesheet for "${unit}"`));
    return Promise.all(files.css.map((f) => this.file(f, 'css'))).then(() => undefined);
  }

  private file(name: string, kind: 'js' | 'css'): Promise<void> {
    let p = this.files.get(name);
    if (p) return p;
    const inline = this.doc.querySelector(`[${FILE_ATTRIBUTE}="${name}"]`);
    if (inline || (kind === 'js' && this.registry()[name])) return Promise.resolve();
    p = new Promise<void>((resolve, reject) => {
      const el = kind === 'js' ? Object.assign(this.doc.createElement('script'), { src: name }) : Object.assign(this.doc.createElement('link'), { rel: 'stylesheet', href: name });
      el.setAttribute(FILE_ATTRIBUTE, name);
      el.addEventListener('load', () => resolve());
      el.addEventListener('error', () => {
        el.remove();
        reject(new Error(`could not load ${name}; build the deck again`));
      });
      if (kind === 'css') insertGildeckStyle(this.doc, el);
      else this.doc.head.append(el);
    });
    p.catch(() => this.files.delete(name));
    this.files.set(name, p);
    return p;
  }

  private readonly require = (path: string): unknown => {
    const name = path.replace(/^\.\//, '');
    let m = this.modules.get(name);
    if (!m) {
      const run = this.registry()[name];
      if (!run) throw new Error(`${name} did not register; build the deck again`);
      m = { exports: {} };
      this.modules.set(name, m);
      run(this.require, m, m.exports);
    }
    return m.exports;
  };
}

/** The page's loader, reading the deck's manifest from the page once. Kept on the page, not in this module: a unit
 * (the kiosk, print view) bundles a copy of this module, and must get the same loader as the runtime. */
export function pageChunks(doc: Document = document): ChunkLoader {
  const g = globalThis as { __gildeckLoader?: ChunkLoader };
  g.__gildeckLoader ??= new ChunkLoader(parseManifest(doc.getElementById(CHUNKS_ID)?.textContent), doc);
  return g.__gildeckLoader;
}
