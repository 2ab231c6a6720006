import { RE2JS } from 're2js';

/**
 * Slide separators from front matter run over every file, so they are matched with RE2 (re2js), whose time is
 * linear in the text for any pattern: `a*a*a*a*a*b` or `.*.*.*.*=` cannot stall a build the way they do with a
 * backtracking JS RegExp. The price is RE2 syntax: no backreferences and no lookaround.
 *
 * Written in JS syntax (as reveal.js's `data-separator`), a pattern is translated for RE2, and two of its
 * line rules are kept: `.` does not match `\r`, and `$` also matches before the `\r` of a `\r\n` line end
 * (RE2 alone knows only `\n`), so `^---$` still splits a file with Windows line ends.
 */
export type Separator = RE2JS;

/** Compiles a separator for the splitter (`multiline`: `^`/`$` at line ends), or throws RE2JS's syntax error. */
export function compileSeparator(source: string, multiline: boolean): Separator {
  if (/\\k</.test(source)) throw new Error('invalid escape sequence: `\\k` (a named backreference)');
  // `(?=`, `(?!`, `(?<=`, `(?<!` not escaped (an even run of backslashes before it).
  const look = /(?:^|[^\\])(?:\\\\)*(\(\?<?[=!])/.exec(source);
  if (look) throw new Error(`lookaround \`${look[1]}\` is not supported`);
  return RE2JS.compile(jsLineRules(RE2JS.translateRegExp(source)), multiline ? RE2JS.MULTILINE : 0);
}

/** Why a separator cannot be used, with the RE2 reason, or null when it compiles. */
export function separatorProblem(source: string): string | null {
  try {
    compileSeparator(source, true);
    return null;
  } catch (e) {
    return (e as Error).message.replace(/^error parsing regexp: /, '');
  }
}

/** Every non-empty match of `separator` in `text` from `from` on, left to right, as JS `exec` with flag `g` finds them. */
export function* separatorMatches(separator: Separator, text: string, from: number): Generator<{ index: number; end: number }> {
  const m = separator.matcher(text);
  for (let found = m.find(from); found; found = m.find()) {
    if (m.end() > m.start()) yield { index: m.start(), end: m.end() };
  }
}

/** Whether `separator` matches anywhere in `text`, as JS `RegExp.test`. */
export function separatorTest(separator: Separator, text: string): boolean {
  return separator.matcher(text).find();
}

/**
 * `.` outside a class becomes "any but a line end", `$` becomes `\r?$` (the JS line rules), and named groups
 * plain ones, in the translated pattern.
 */
function jsLineRules(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      out += c + (source[i + 1] ?? '');
      i++;
    } else if (inClass) {
      if (c === ']') inClass = false;
      out += c;
    } else if (c === '[') {
      inClass = true;
      out += c;
      // A `]` right after `[` or `[^` is a literal in RE2 syntax.
      if (source[i + 1] === '^') out += source[++i];
      if (source[i + 1] === ']') out += source[++i];
    } else if (c === '(' && source.startsWith('(?P<', i) && source.indexOf('>', i) !== -1) {
      // Only the whole match is used; unnamed, `separator|verticalSeparator` may reuse a group name.
      out += '(?:';
      i = source.indexOf('>', i);
    } else if (c === '.') out += '[^\\n\\r\\x{2028}\\x{2029}]';
    else if (c === '$') out += '(?:\\r?$)';
    else out += c;
  }
  return out;
}
