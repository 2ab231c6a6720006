import { writeFile } from 'node:fs/promises';

export interface Row {
  metric: string;
  value: string;
  target?: string;
  ok?: boolean;
}

/** Prints rows as an aligned table; a benchmark reports numbers, it does not fail a build. */
export function printTable(title: string, rows: Row[]): void {
  const w = [Math.max(6, ...rows.map((r) => r.metric.length)), Math.max(5, ...rows.map((r) => r.value.length)), Math.max(6, ...rows.map((r) => (r.target ?? '').length))];
  console.log(`\n${title}`);
  console.log(`${'metric'.padEnd(w[0]!)}  ${'value'.padStart(w[1]!)}  ${'target'.padEnd(w[2]!)}  met`);
  for (const r of rows) {
    console.log(`${r.metric.padEnd(w[0]!)}  ${r.value.padStart(w[1]!)}  ${(r.target ?? '').padEnd(w[2]!)}  ${r.ok === undefined ? '' : r.ok ? 'yes' : 'NO'}`);
  }
}

export async function writeJson(path: string | undefined, data: unknown): Promise<void> {
  if (!path) return;
  await writeFile(path, `${JSON.stringify(data, null, 2)}\n`);
  console.log(`\nwrote ${path}`);
}

/** Prints rows of cells under a header, left-aligned text and right-aligned numbers, column widths fitted. */
export function printGrid(title: string, header: string[], rows: string[][]): void {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = (s: string) => /^[-+\d.]/.test(s);
  const line = (cells: string[]) => cells.map((c, i) => (i > 0 && numeric(c) ? c.padStart(w[i]!) : c.padEnd(w[i]!))).join('  ').trimEnd();
  console.log(`\n${title}`);
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}
