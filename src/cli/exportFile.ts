import { lstat, open, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { UsageError } from './deckFiles.js';
import { OutputError } from './output.js';

/** What an export writes, and how to tell an earlier export of the same kind (the only file it may replace). */
export interface ExportKind {
  /** "PDF", "HTML", "Chrome trace JSON": for messages. */
  name: string;
  /** Whether the start of an existing file shows it is an earlier export of this kind. */
  isEarlier(head: Buffer): boolean;
  /** The file name an error suggests (default: deck.pdf, deck.html or deck.json by kind). */
  example?: string;
}

export const PDF: ExportKind = { name: 'PDF', isEarlier: (head) => head.subarray(0, 5).toString('latin1') === '%PDF-' };

/** The generator tag every gildeck page carries in its head. */
export const HTML: ExportKind = { name: 'HTML', isEarlier: (head) => /<meta name="generator" content="gildeck">/.test(head.toString('utf8')) };

export const TRACE: ExportKind = { name: 'Chrome trace JSON', isEarlier: (head) => /^\s*\{\s*"traceEvents"\s*:/.test(head.toString('utf8')) };

const HEAD_BYTES = 4096;

/**
 * Refuses an --out that is a folder, or a file that is not an earlier export of this kind (a user's notes.pdf
 * renamed .html, a spreadsheet): an export only ever replaces what an export wrote.
 */
export async function checkExportTarget(out: string, kind: ExportKind, flag = '--out'): Promise<void> {
  const info = await lstat(out).catch(() => null);
  const parent = await stat(dirname(resolve(out))).catch(() => null);
  if (!parent?.isDirectory()) throw new UsageError(`${flag} ${out}: the folder ${dirname(out)} does not exist; create it, or pass ${flag} with a file in an existing folder`);
  if (!info) return;
  if (info.isDirectory()) throw new UsageError(`${flag} ${out} is a folder; pass ${flag} with a file name, e.g. ${flag} ${resolve(out).replace(/\/$/, '')}/${kind.example ?? `deck.${kind === PDF ? 'pdf' : kind === HTML ? 'html' : 'json'}`}`);
  if (!info.isFile()) throw new UsageError(`${flag} ${out} is not a plain file; pass ${flag} with another file name`);
  const handle = await open(out, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEAD_BYTES), 0, HEAD_BYTES, 0);
    if (!kind.isEarlier(buffer.subarray(0, bytesRead))) {
      throw new UsageError(`${flag} ${out} exists and is not ${kind.name} gildeck exported, so it is left alone; pass ${flag} with another file name, or move that file away`);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Writes an export next to its destination and renames it into place: a crash at any instant leaves either the
 * earlier file or the new one, never half of one.
 */
export async function writeExport(out: string, contents: Uint8Array | string, kind: ExportKind): Promise<void> {
  await checkExportTarget(out, kind);
  const tmp = `${resolve(out)}.tmp-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  try {
    await writeFile(tmp, contents, { flag: 'wx' });
    await rename(tmp, out);
  } catch (e) {
    await rm(tmp, { force: true }).catch(() => undefined);
    if (e instanceof UsageError || !(e as NodeJS.ErrnoException).code) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new OutputError(`cannot write ${out}: ${err.message.split(',')[0]} (${err.code}); ${(await stat(out).catch(() => null)) ? 'the earlier file is left as it was' : 'nothing was written'}`);
  }
}
