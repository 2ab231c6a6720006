import { describe, expect, test } from 'vitest';
import { Diagnostics } from '../../src/compiler/diagnostics.js';
import { FRONT_MATTER_KEYS, findFrontMatter, MAX_NESTING, MAX_OF_A_KIND, parseFrontMatter } from '../../src/compiler/frontMatter.js';
import { SourceFile } from '../../src/compiler/source.js';
import { lines, only, where } from './support.js';

/** Parses the front matter of `text` (which must have one) as the first file of a deck. */
function parse(text: string) {
  const file = new SourceFile('slides/01.md', text);
  const block = findFrontMatter(text);
  if (!block) throw new Error('no front matter');
  const diagnostics = new Diagnostics();
  const meta = parseFrontMatter(file, block.yamlStart, block.yamlEnd, diagnostics);
  return { meta, diagnostics, r: { diagnostics: diagnostics.items } };
}
const deck = (...yaml: string[]) => parse(lines('---', ...yaml, '---', '# First slide'));

describe('findFrontMatter', () => {
  test('finds a YAML block that opens the file and where the slides start after it', () => {
    const text = lines('---', 'title: T', '---', '# A');
    expect(findFrontMatter(text)).toEqual({ yamlStart: 4, yamlEnd: 13, bodyStart: 17 });
    expect(text.slice(17)).toBe('# A');
  });

  test('`...` closes the block too, and so does the end of the file', () => {
    expect(findFrontMatter(lines('---', 'title: T', '...', '# A'))?.bodyStart).toBe(17);
    expect(findFrontMatter(lines('---', 'title: T', '---'))?.bodyStart).toBe(16);
  });

  test('CRLF line ends work', () => {
    const text = '---\r\ntitle: T\r\n---\r\n# A';
    const block = findFrontMatter(text)!;
    expect(text.slice(block.yamlStart, block.yamlEnd)).toBe('title: T\r\n');
    expect(text.slice(block.bodyStart)).toBe('# A');
  });

  test('no block unless the file starts with `---` on its own line, and the block is closed', () => {
    expect(findFrontMatter(lines('# A', '---', 'title: T', '---'))).toBeNull();
    expect(findFrontMatter(lines('--- x', 'title: T', '---'))).toBeNull();
    expect(findFrontMatter(lines('---', 'title: T'))).toBeNull();
  });
});

describe('parseFrontMatter', () => {
  test('deck keys stay on the front matter, reveal.js options go under `reveal`', () => {
    const { meta, diagnostics } = deck('title: Quest', 'theme: light', 'transition: fade', 'slideNumber: c/t', 'width: 1280', 'agenda: false');
    expect(diagnostics.items).toEqual([]);
    expect(meta).toEqual({ title: 'Quest', theme: 'light', agenda: false, reveal: { transition: 'fade', slideNumber: 'c/t', width: 1280 } });
  });

  test('empty front matter is fine', () => {
    expect(deck()).toMatchObject({ meta: { reveal: {} }, r: { diagnostics: [] } });
  });

  test('an unknown key is an error at the key, suggesting the closest known key', () => {
    const d = only(deck('title: T', 'titel: X').r);
    expect(where(d)).toBe('slides/01.md:3:1');
    expect(d.message).toBe('unknown front matter key "titel"');
    expect(d.hint).toMatch(/^did you mean "title"\? known keys: title, subtitle, /);
  });

  test('an unknown key with no close match lists the known keys without guessing', () => {
    const d = only(deck('  speaker: Ada').r);
    expect(where(d)).toBe('slides/01.md:2:3');
    expect(d.hint).toBe(`known keys: ${FRONT_MATTER_KEYS.join(', ')}`);
  });

  test('a value of the wrong kind is an error at the value, naming what is allowed', () => {
    const d = only(deck('title: T', 'transition: sideways').r);
    expect(where(d)).toBe('slides/01.md:3:13');
    expect(d.message).toBe('front matter "transition" must be none, fade, slide, convex, concave, zoom, not "sideways"');
    expect(d.hint).toBe('write e.g. `transition: slide`');
  });

  test('`slideNumber: 3` is an error at the 3, listing the forms slide numbers take', () => {
    const d = only(deck('slideNumber: 3').r);
    expect(where(d)).toBe('slides/01.md:2:14');
    expect(d.message).toBe('front matter "slideNumber" must be true, false, "h.v", "h/v", "c" or "c/t", not 3');
  });

  test.each([
    ['theme: blue', 'front matter "theme" must be dark or light, not "blue"', 'write e.g. `theme: dark`'],
    ['agenda: maybe', 'front matter "agenda" must be true or false, not "maybe"', 'write e.g. `agenda: true`'],
    ['width: wide', 'front matter "width" must be a number from 100 to 10000, not "wide"', 'write e.g. `width: 960`'],
    ['width: -5', 'front matter "width" must be a number from 100 to 10000, not -5', 'write e.g. `width: 960`'],
    ['margin: 1', 'front matter "margin" must be a number from 0 to 0.5, not 1', 'write e.g. `margin: 0.04`'],
    ['autoSlide: 1e10', 'front matter "autoSlide" must be a number from 0 to 3600000, not 10000000000', 'write e.g. `autoSlide: 20000`'],
    ['date: 2026', 'front matter "date" must be a string (quote it if it looks like a number or date), not 2026', 'write e.g. `date: "2026-05-14"`'],
  ])('`%s` is an error with an example of what to write', (line, message, hint) => {
    const d = only(deck(line).r);
    expect(where(d)).toBe(`slides/01.md:2:${line.indexOf(':') + 3}`);
    expect(d).toMatchObject({ severity: 'error', message, hint });
  });

  test('`showNotes: separate-page` is accepted (printed notes on pages of their own), as are reveal.js\'s pacing options', () => {
    expect(deck('showNotes: separate-page', 'totalTime: 2100', 'defaultTiming: 120')).toMatchObject({ meta: { reveal: { showNotes: 'separate-page', totalTime: 2100, defaultTiming: 120 } }, r: { diagnostics: [] } });
    expect(deck('showNotes: true').meta.reveal.showNotes).toBe(true);
  });

  test.each([
    ['showNotes: maybe', 'front matter "showNotes" must be true, false or separate-page, not "maybe"', 'write e.g. `showNotes: separate-page`'],
    ['totalTime: -1', 'front matter "totalTime" must be a number from 0 to 86400, not -1', 'write e.g. `totalTime: 2100`'],
    ['defaultTiming: soon', 'front matter "defaultTiming" must be a number from 0 to 3600, not "soon"', 'write e.g. `defaultTiming: 120`'],
  ])('`%s` is an error saying what the pacing and notes options take', (line, message, hint) => {
    expect(only(deck(line).r)).toMatchObject({ severity: 'error', message, hint });
  });

  test('every problem is reported, not just the first', () => {
    const { r } = deck('transition: sideways', 'theme: blue', 'speakr: x');
    expect(r.diagnostics.map(where).sort()).toEqual(['slides/01.md:2:13', 'slides/01.md:3:8', 'slides/01.md:4:1']);
  });

  test('a separator that is not a regular expression is an error at the value, with the reason', () => {
    const d = only(deck('title: T', 'verticalSeparator: "(["').r);
    expect(where(d)).toBe('slides/01.md:3:20');
    expect(d.message).toMatch(/^front matter "verticalSeparator" must be a regular expression in a string \(RE2 syntax: no backreferences or lookaround\), not "\(\[" \(missing closing \]: .*\)$/);
    expect(d.hint).toMatch(/^write e\.g\. `verticalSeparator: "\^\\r\?\\n--\\r\?\\n\$"` \(separators are matched with RE2/);
  });

  test.each([
    ['a backreference', '(a)\\\\1', /invalid escape sequence: `\\1`/],
    ['a named backreference', '(?<x>a)\\\\k<x>', /`\\k` \(a named backreference\)/],
    ['a lookahead', '^---(?=\\\\n)', /lookaround `\(\?=` is not supported/],
    ['a lookbehind', '(?<!\\\\n)---', /lookaround `\(\?<!` is not supported/],
  ])('a separator RE2 cannot run (%s) is an error at the value, with a hint', (_, pattern, reason) => {
    const d = only(deck(`separator: "${pattern}"`).r);
    expect(where(d)).toBe('slides/01.md:2:12');
    expect(d.message).toMatch(reason);
    expect(d.hint).toMatch(/no backreferences like \\1, no lookaround like \(\?=\.\.\.\)/);
  });

  test('valid separators are kept as written', () => {
    expect(deck('separator: "^===$"', 'verticalSeparator: "^>>>$"').meta).toMatchObject({ separator: '^===$', verticalSeparator: '^>>>$' });
  });

  describe('invalid YAML is an error where the parser stopped', () => {
    test.each([
      ['a key written twice', ['title: T', 'title: U'], 'slides/01.md:3:1', /Map keys must be unique/],
      ['a tab used as indentation', ['title: T', '\tauthor: x'], 'slides/01.md:3:1', /Tabs are not allowed as indentation/],
      ['a colon in an unquoted value', ['title: Python: the GIL'], 'slides/01.md:2:8', /Nested mappings are not allowed/],
    ])('%s', (_, yaml, at, message) => {
      const { r } = deck(...yaml);
      expect(r.diagnostics[0]).toMatchObject({ severity: 'error', message: expect.stringMatching(message), hint: 'write one `key: value` per line' });
      expect(where(r.diagnostics[0]!)).toBe(at);
      expect(r.diagnostics[0]!.message).toMatch(/^front matter is not valid YAML: /);
    });
  });

  test('front matter that is not a mapping is an error at its start', () => {
    const d = only(deck('- title', '- author').r);
    expect(where(d)).toBe('slides/01.md:2:1');
    expect(d.message).toBe('front matter must be a mapping of keys to values');
  });

  test('with errors, none of the values are used', () => {
    expect(deck('title: T', 'theme: blue').meta).toEqual({ reveal: {} });
  });
});

describe('hostile front matter', () => {
  test('an alias bomb is an error at the first alias, not a thrown "Excessive alias count"', () => {
    const row = (name: string, of: string) => `${name}: &${name} [${Array(9).fill(`*${of}`).join(', ')}]`;
    const text = lines('---', 'a: &a [x, x, x, x, x, x, x, x, x]', row('b', 'a'), row('c', 'b'), row('d', 'c'), 'e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]', '---', '# Hi');
    const d = only(parse(text).r);
    expect(where(d)).toBe('slides/01.md:3:8');
    expect(d.message).toMatch(/aliases expand too far/);
  });

  test('many unknown keys: the first ones each at its key, then one diagnostic counting the rest, in linear time', () => {
    const keys = Array.from({ length: 32_000 }, (_, i) => `k${i}: ${i}`);
    const started = performance.now();
    const { r } = deck(...keys);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(r.diagnostics).toHaveLength(MAX_OF_A_KIND + 1);
    expect(where(r.diagnostics[0]!)).toBe('slides/01.md:2:1');
    expect(r.diagnostics[0]!.message).toBe('unknown front matter key "k0"');
    const last = r.diagnostics[MAX_OF_A_KIND]!;
    expect(last.message).toBe(`and ${32_000 - MAX_OF_A_KIND} more unknown front matter keys`);
    expect(where(last)).toBe(`slides/01.md:${MAX_OF_A_KIND + 2}:1`);
  });

  test('a repeated key among many is an error at the repeat, found in linear time', () => {
    const keys = Array.from({ length: 32_000 }, (_, i) => `k${i}: ${i}`);
    const started = performance.now();
    const d = only(deck(...keys, 'k0: again').r);
    expect(performance.now() - started).toBeLessThan(2_000);
    expect(where(d)).toBe(`slides/01.md:${32_000 + 2}:1`);
    expect(d.message).toBe('front matter is not valid YAML: Map keys must be unique ("k0" is written twice)');
  });

  test('many repeated keys: the first ones each at its repeat, then one diagnostic counting the rest', () => {
    const { r } = deck(...Array.from({ length: 1_000 }, () => 'title: T'));
    expect(r.diagnostics).toHaveLength(MAX_OF_A_KIND + 1);
    expect(where(r.diagnostics[0]!)).toBe('slides/01.md:3:1');
    expect(r.diagnostics.at(-1)!.message).toBe(`and ${999 - MAX_OF_A_KIND} more repeated front matter keys`);
  });

  test('many YAML errors: the first ones, then one diagnostic counting the rest', () => {
    const { r } = deck(...Array.from({ length: 100 }, () => 'a: b: c'));
    expect(r.diagnostics.length).toBeLessThanOrEqual(MAX_OF_A_KIND + 1);
    expect(r.diagnostics.at(-1)!.message).toMatch(/^and \d+ more YAML errors in the front matter$/);
  });

  test.each([
    ['flow', `a: ${'['.repeat(20_000)}`, `slides/01.md:2:${3 + MAX_NESTING}`],
    ['flow, closed', `a: ${'['.repeat(5_000)}${']'.repeat(5_000)}`, `slides/01.md:2:${3 + MAX_NESTING}`],
    ['block', `${'- '.repeat(5_000)}x`, `slides/01.md:2:${2 * MAX_NESTING + 1}`],
  ])('YAML nested too deep (%s) is an error where it passes the limit, not a stack overflow', (_, yaml, at) => {
    const d = only(deck(yaml).r);
    expect(d.message).toBe(`front matter nests deeper than ${MAX_NESTING} levels`);
    expect(where(d)).toBe(at);
  });

  test('nesting within the limit is read as usual', () => {
    expect(deck(`title: T`, `x: ${'['.repeat(50)}${']'.repeat(50)}`).r.diagnostics.map((d) => d.message)).toEqual(['unknown front matter key "x"']);
  });
});

describe('the kiosk settings in front matter', () => {
  test('`kiosk:` goes to the page with the reveal.js options, where the kiosk plugin reads it', () => {
    const { meta, diagnostics } = deck('autoSlide: 5000', 'kiosk: { idle: 30, hold: 4000 }');
    expect(diagnostics.items).toEqual([]);
    expect(meta.reveal).toEqual({ autoSlide: 5000, kiosk: { idle: 30, hold: 4000 } });
  });

  test('a value out of range is an error at the value, saying the range and the default', () => {
    const d = only(deck('title: T', 'kiosk:', '  hold: 1000', '  idle: 0').r);
    expect(where(d)).toBe('slides/01.md:5:9');
    expect(d.message).toBe('front matter "kiosk.idle" must be a number of seconds from 1 to 86400, not 0');
    expect(d.hint).toBe('write e.g. `kiosk: { idle: 60 }` (the default)');
  });

  test('an unknown kiosk setting is an error at its key, with the closest one', () => {
    const d = only(deck('kiosk:', '  idel: 30').r);
    expect(where(d)).toBe('slides/01.md:3:3');
    expect(d.message).toBe('unknown kiosk setting "kiosk.idel"');
    expect(d.hint).toMatch(/did you mean "idle"\?/i);
  });

  test('kiosk must be a mapping', () => {
    const d = only(deck('kiosk: 60').r);
    expect(where(d)).toBe('slides/01.md:2:8');
    expect(d.message).toMatch(/^front matter "kiosk" must be a mapping of advance, idle, hold, maxWait, watchdog, freeze, not 60$/);
  });
});
