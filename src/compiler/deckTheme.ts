import { color } from '@csstools/css-color-parser';
import { parseComponentValue } from '@csstools/css-parser-algorithms';
import { tokenize } from '@csstools/css-tokenizer';
import * as z from 'zod/mini';
import { findCssUrls } from './cssUrls.js';
import type { Diagnostic } from './diagnostics.js';
import { isRemote } from './offline.js';
import type { Location, SourceFile } from './source.js';

/**
 * A presenter's own theme, from front matter: `logo`, `footer`, `accent`, `fonts` and `style`. Every file it names
 * is a path in the deck's folder (copied into the output like assets): a theme never makes the page load anything
 * from the network.
 */

export const FONT_ROLES = ['body', 'heading', 'code'] as const;
export type FontRole = (typeof FONT_ROLES)[number];

const IMAGE = ['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif'];
const FONT = ['woff2', 'woff', 'ttf', 'otf'];
const STYLESHEET = ['css'];

export interface Problem {
  message: string;
  hint: string;
}

/** Why `value` is not a file in the deck's folder with one of `extensions`, or null if it is one. */
export function localPathProblem(value: string, extensions: readonly string[], example: string): Problem | null {
  const write = `write a path in the deck's folder, e.g. \`${example}\``;
  const v = value.trim();
  if (!v) return { message: 'is empty', hint: write };
  if (isRemote(v) || /^\/\//.test(v)) return { message: `"${v}" would be fetched from the network; decks work offline`, hint: `download it into assets/ and ${write}` };
  if (/^[a-z][a-z0-9+.-]*:/i.test(v) && !/^[a-z]:[\\/]/i.test(v)) return { message: `"${v}" is a URL, not a file`, hint: `put the file into assets/ and ${write}` };
  if (/^([\\/]|[a-z]:)/i.test(v)) return { message: `"${v}" is an absolute path, which a shared deck would not find`, hint: `copy the file into assets/ and ${write}` };
  if (v.includes('\\')) return { message: `"${v}" uses backslashes`, hint: `separate folders with /, e.g. \`${example}\`` };
  if (v.split('/').includes('..')) return { message: `"${v}" leaves the deck's folder`, hint: `copy the file into assets/ and ${write}` };
  if (/[?#]/.test(v)) return { message: `"${v}" has a query or fragment`, hint: write };
  const ext = /\.([a-z0-9]+)$/i.exec(v)?.[1]?.toLowerCase();
  if (!ext || !extensions.includes(ext)) return { message: `"${v}" is not a ${extensions.map((e) => `.${e}`).join(', ')} file`, hint: write };
  return null;
}

/** Why `value` is not a CSS colour, or null. Parsed by @csstools/css-color-parser, as a browser reads a `<color>`. */
export function colourProblem(value: string): Problem | null {
  const hint = 'write a CSS colour, e.g. `accent: "#e63946"`, `accent: rebeccapurple`, `accent: rgb(230 57 70)` or `accent: oklch(65% 0.2 25)` (quote a # colour)';
  const node = parseComponentValue(tokenize({ css: value.trim() }, { onParseError: () => {} }));
  // One value only, from a plain character set: it is written into the page's CSS as it stands.
  if (!node || !/^[\w#%.,()/ +-]+$/.test(value.trim()) || !color(node)) return { message: `"${value}" is not a CSS colour`, hint };
  return null;
}

const checked = (problem: (s: string) => Problem | null) => z.string().check(z.refine((s: string) => problem(s) === null));

export const logoProblem = (s: string) => localPathProblem(s, IMAGE, 'assets/logo.svg');
export const fontProblem = (s: string) => localPathProblem(s, FONT, 'assets/Inter.woff2');
export const styleProblem = (s: string) => localPathProblem(s, STYLESHEET, 'theme.css');

/** The front matter keys, as zod schemas (frontMatter.ts validates them with every other key). */
export const themeKeys = {
  logo: checked(logoProblem),
  footer: z.string(),
  accent: checked(colourProblem),
  fonts: z.strictObject({ body: z.optional(checked(fontProblem)), heading: z.optional(checked(fontProblem)), code: z.optional(checked(fontProblem)) }),
  style: checked(styleProblem),
};

export const THEME_DESCRIBE: Record<keyof typeof themeKeys, { describe: string; example: string }> = {
  logo: { describe: 'an image in the deck\'s folder', example: 'assets/logo.svg' },
  footer: { describe: 'a string (quote it if it looks like a number or date)', example: '"PyCon 2026 · @me"' },
  accent: { describe: 'a CSS colour', example: '"#e63946"' },
  fonts: { describe: `font files in the deck's folder, by role (${FONT_ROLES.join(', ')})`, example: '{ body: assets/Inter.woff2, code: assets/JetBrainsMono.woff2 }' },
  style: { describe: 'a stylesheet in the deck\'s folder', example: 'theme.css' },
};

/** Why a theme value at `path` (e.g. `['fonts', 'code']`) is wrong, said precisely; null for other keys. */
export function themeValueProblem(path: readonly PropertyKey[], value: unknown): Problem | null {
  const [key, role] = path;
  if (typeof value !== 'string') return null;
  if (key === 'logo') return logoProblem(value);
  if (key === 'accent') return colourProblem(value);
  if (key === 'style') return styleProblem(value);
  if (key === 'fonts' && typeof role === 'string') return fontProblem(value);
  return null;
}

export interface DeckThemeOptions {
  logo?: string;
  footer?: string;
  accent?: string;
  fonts?: Partial<Record<FontRole, string>>;
  style?: string;
}

/** A file the theme loads, with where the front matter names it (the build checks it is there, and copies it). */
export interface ThemeFile {
  url: string;
  kind: 'logo' | 'font' | 'style';
  location: Location;
}

const cssString = (s: string) => `"${s.replace(/["\\\n\r\f]/g, (c) => `\\${c.charCodeAt(0).toString(16)} `)}"`;
const FORMAT: Record<string, string> = { woff2: 'woff2', woff: 'woff', ttf: 'truetype', otf: 'opentype' };

/**
 * The page's theme CSS from front matter: an @font-face per font and the custom properties the theme and widgets
 * read (`--gd-accent`, `--gd-font-body`, ...). Empty when the deck sets none of them.
 */
export function themeCss(theme: DeckThemeOptions): string {
  const rules: string[] = [];
  const vars: string[] = [];
  for (const role of FONT_ROLES) {
    const file = theme.fonts?.[role];
    if (!file) continue;
    const ext = file.slice(file.lastIndexOf('.') + 1).toLowerCase();
    rules.push(`@font-face{font-family:"gd-${role}";src:url(${cssString(encodeURI(file))}) format("${FORMAT[ext]}");font-display:swap}`);
    vars.push(`--gd-font-${role}:"gd-${role}",var(--gd-font-${role}-fallback)`);
  }
  // The accent is set on both themes' selectors, so it wins over the light theme's own accent too.
  if (theme.accent) vars.push(`--gd-accent:${theme.accent.trim()}`);
  if (vars.length) rules.push(`:root,html[data-theme]{${vars.join(';')}}`);
  return rules.join('\n');
}

/**
 * The URLs a deck stylesheet loads, read as CSS is tokenized (src/compiler/cssUrls.ts): off-origin ones are errors at
 * their position in the stylesheet; local ones are files the build checks and copies (resolved against the sheet).
 */
export function stylesheetUrls(file: SourceFile, sheetPath: string): { errors: Diagnostic[]; local: Array<{ url: string; path: string; location: Location }> } {
  const errors: Diagnostic[] = [];
  const local: Array<{ url: string; path: string; location: Location }> = [];
  const folder = sheetPath.includes('/') ? sheetPath.slice(0, sheetPath.lastIndexOf('/') + 1) : '';
  for (const u of findCssUrls(file.text)) {
    const url = u.url.trim();
    const location = file.locationAt(u.start);
    if (isRemote(url) || /^\/\//.test(url)) {
      errors.push({ severity: 'error', location, message: `"${url}" would be fetched from the network; decks work offline`, hint: 'download it next to the stylesheet (e.g. into assets/) and write its relative path, e.g. `url(assets/Inter.woff2)`' });
      continue;
    }
    if (!url || url.startsWith('#') || /^(data|blob):/i.test(url)) continue;
    const clean = url.split(/[?#]/)[0]!;
    let decoded = clean;
    try {
      decoded = decodeURIComponent(clean);
    } catch {
      // Not URL-encoded (e.g. a literal %): look for the file as written.
    }
    const parts: string[] = [];
    for (const part of (decoded.startsWith('/') ? decoded : folder + decoded).split('/')) {
      if (part === '..') parts.pop();
      else if (part && part !== '.') parts.push(part);
    }
    local.push({ url, path: parts.join('/'), location });
  }
  return { errors, local };
}
