import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { HTML, PDF, TRACE, writeExport } from '../../src/cli/exportFile.js';
import { countPdfPages } from '../../src/cli/pdfPages.js';

describe('writeExport', () => {
  let work: string;
  beforeAll(() => void (work = mkdtempSync(join(tmpdir(), 'gildeck-export-file-'))));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  test('replaces an earlier export of the same kind, through a temporary file that does not stay', async () => {
    const out = join(work, 'deck.pdf');
    await writeExport(out, '%PDF-1.4 first', PDF);
    await writeExport(out, '%PDF-1.4 second', PDF);
    expect(readFileSync(out, 'utf8')).toBe('%PDF-1.4 second');
    expect(readdirSync(work)).toEqual(['deck.pdf']);
  });

  test.each([
    [PDF, 'notes.pdf', 'my notes'],
    [HTML, 'page.html', '<!doctype html><title>mine</title>'],
    [TRACE, 'data.json', '{"rows": []}'],
  ])('never replaces a file that is not an earlier export of its kind (%#)', async (kind, name, text) => {
    const out = join(work, name);
    writeFileSync(out, text);
    await expect(writeExport(out, 'new', kind)).rejects.toThrow(`exists and is not ${kind.name} gildeck exported, so it is left alone`);
    expect(readFileSync(out, 'utf8')).toBe(text);
  });

  test('a folder, or a file in a folder that does not exist, is an error that says what to pass', async () => {
    mkdirSync(join(work, 'out.pdf'));
    await expect(writeExport(join(work, 'out.pdf'), '%PDF-', PDF)).rejects.toThrow(/is a folder; pass --out with a file name/);
    await expect(writeExport(join(work, 'missing', 'deck.pdf'), '%PDF-', PDF)).rejects.toThrow(/does not exist; create it/);
  });
});

test('countPdfPages counts page objects, not the page tree', () => {
  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] >>\n2 0 obj << /Type /Page /Parent 1 0 R >>\n3 0 obj <</Type/Page/Parent 1 0 R>>\n');
  expect(countPdfPages(pdf)).toBe(2);
});
