import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { UsageError } from './deckFiles.js';
import { OutputError } from './output.js';

/** The starter's files, relative to src/cli/starter/ and to the new folder alike. */
export const STARTER_FILES = ['talk.md', 'assets/logo.svg', 'README.md'] as const;

/**
 * `new DIR`: copies the starter talk (src/cli/starter/) into DIR, which must be absent or empty: nothing there is
 * ever overwritten. An absent DIR is written aside and renamed into place, so a crash leaves no half a starter;
 * into an empty one each file is created exclusively. `bin` is how the README writes the command. Returns the
 * files written, relative to DIR.
 */
export async function newTalk(dir: string, opts: { root: string; bin: string }): Promise<string[]> {
  const info = await stat(dir).catch(() => null);
  if (info && !info.isDirectory()) throw new UsageError(`${dir} is a file; pass a new folder for the talk (e.g. talk)`);
  if (info) {
    const there = await readdir(dir);
    if (there.length) throw new UsageError(`${dir} is not empty (it has ${there.slice(0, 3).join(', ')}${there.length > 3 ? ', ...' : ''}); gildeck new writes only into a new or empty folder, so pass another name`);
  }
  const source = join(opts.root, 'src', 'cli', 'starter');
  const shown = dir;
  const title = (await readFile(join(source, 'talk.md'), 'utf8')).match(/^title: (.*)$/m)?.[1] ?? 'A gildeck talk';
  const fill = (text: string) => text.replaceAll('{{bin}}', opts.bin).replaceAll('{{dir}}', shown.includes(' ') ? JSON.stringify(shown) : shown).replaceAll('{{title}}', title);
  const write = async (into: string) => {
    for (const file of STARTER_FILES) {
      const text = await readFile(join(source, file), 'utf8');
      await mkdir(dirname(join(into, file)), { recursive: true });
      await writeFile(join(into, file), file === 'README.md' ? fill(text) : text, { flag: 'wx' });
    }
  };
  if (info) {
    await write(dir).catch((e: unknown) => Promise.reject(cannotWrite(e, dir)));
  } else {
    await mkdir(dirname(dir), { recursive: true });
    const tmp = join(dirname(dir), `.${basename(dir)}.new-${process.pid}-${Math.random().toString(36).slice(2)}`);
    try {
      await mkdir(tmp);
      await write(tmp);
      await rename(tmp, dir);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      if ((e as NodeJS.ErrnoException).code === 'ENOTEMPTY' || (e as NodeJS.ErrnoException).code === 'EEXIST') {
        throw new UsageError(`${dir} appeared while the starter was written, and is not empty; pass another name`);
      }
      throw cannotWrite(e, dir);
    }
  }
  return STARTER_FILES.map((f) => f.split('/').join(sep));
}

/** A file system error as the CLI's one-line error (permissions, disk full); anything else as it is. */
function cannotWrite(e: unknown, dir: string): unknown {
  const err = e as NodeJS.ErrnoException;
  return err.code ? new OutputError(`cannot write the starter into ${dir}: ${err.message.split('\n')[0]}; check the folder's permissions and free space`) : e;
}
