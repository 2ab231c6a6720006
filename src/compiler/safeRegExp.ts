/**
 * Why a separator from front matter could make splitting slow, or null when it cannot. Separators run over the
 * whole file, so a pattern that backtracks exponentially (`(a+)+$`: 28 characters took 3.5 s) would stall every
 * build. Rejected: backreferences, and a repeated group that itself repeats or has alternatives, the shapes behind
 * catastrophic backtracking. Checked on the pattern's text, so no pattern is ever run to find out.
 */
export function slowRegExpProblem(source: string): string | null {
  if (source.length > MAX_LENGTH) return `longer than ${MAX_LENGTH} characters`;
  // Per open group: whether it holds a repetition or an alternative.
  const groups: Array<{ start: number; repeats: boolean; alternates: boolean }> = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const next = source[i + 1] ?? '';
      if (!inClass && (/[1-9]/.test(next) || next === 'k')) return `"${source.slice(i, i + 2)}" is a backreference`;
      i++;
      continue;
    }
    if (inClass) {
      if (c === ']') inClass = false;
      continue;
    }
    if (c === '[') {
      inClass = true;
      continue;
    }
    if (c === '(') {
      groups.push({ start: i, repeats: false, alternates: false });
      continue;
    }
    if (c === '|') {
      const g = groups[groups.length - 1];
      if (g) g.alternates = true;
      continue;
    }
    if (c === ')') {
      const g = groups.pop();
      const q = quantifierAt(source, i + 1);
      if (g && q?.unbounded && (g.repeats || g.alternates)) {
        return `"${source.slice(g.start, i + 1 + q.length)}" repeats a group that ${g.repeats ? 'repeats itself' : 'has alternatives'}, which can take exponential time`;
      }
      if (g && (g.repeats || q?.unbounded)) markRepeats(groups);
      if (q) i += q.length;
      continue;
    }
    const q = quantifierAt(source, i);
    if (q) {
      if (q.unbounded) markRepeats(groups);
      i += q.length - 1;
      continue;
    }
  }
  return null;
}

const MAX_LENGTH = 200;

function markRepeats(groups: Array<{ repeats: boolean }>): void {
  const g = groups[groups.length - 1];
  if (g) g.repeats = true;
}

/** A quantifier at `i` (with its lazy `?`), and whether it repeats more than once. */
function quantifierAt(source: string, i: number): { length: number; unbounded: boolean } | null {
  const c = source[i];
  const lazy = (n: number) => (source[i + n] === '?' ? 1 : 0);
  if (c === '*' || c === '+') return { length: 1 + lazy(1), unbounded: true };
  if (c === '?') return { length: 1 + lazy(1), unbounded: false };
  const m = c === '{' ? /^\{(\d+)(,(\d*))?\}/.exec(source.slice(i)) : null;
  if (!m) return null;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return { length: m[0].length + lazy(m[0].length), unbounded: max > 1 };
}
