import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { UsageError } from './deckFiles.js';

/** Where the system's Chromium is looked for: Debian's first, then the usual names on PATH. */
export const CHROMIUM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const;

const executable = (path: string): boolean => {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium to start: `$CHROMIUM_PATH` if set, else /usr/bin/chromium, else the first of CHROMIUM_NAMES on
 * `path`. Throws a UsageError saying what to install when there is none.
 */
export function findChromium(env: { CHROMIUM_PATH?: string; PATH?: string } = process.env, isExecutable: (path: string) => boolean = executable): string {
  if (env.CHROMIUM_PATH) {
    if (isExecutable(env.CHROMIUM_PATH)) return env.CHROMIUM_PATH;
    throw new UsageError(`CHROMIUM_PATH is ${env.CHROMIUM_PATH}, which is not an executable file; unset it or point it at Chromium`);
  }
  const candidates = ['/usr/bin/chromium', ...(env.PATH ?? '').split(delimiter).filter(Boolean).flatMap((dir) => CHROMIUM_NAMES.map((n) => join(dir, n)))];
  const found = candidates.find(isExecutable);
  if (found) return found;
  throw new UsageError(
    `--open needs Chromium, and there is none at /usr/bin/chromium or as ${CHROMIUM_NAMES.join(', ')} on PATH; install it (apt-get install chromium), set CHROMIUM_PATH, or leave out --open and start a browser with the command printed above`,
  );
}

/**
 * The arguments for a kiosk window on `url`: full screen without browser UI (--kiosk --app), a fresh profile (no
 * restored tabs, no "Chrome didn't shut down correctly" bubble), no first-run, translate or update prompts, no
 * background traffic, no swipe-to-go-back, no pinch zoom.
 */
export function kioskArgs(url: string, profile: string, o: { debugPort?: boolean } = {}): string[] {
  return [
    '--kiosk',
    `--app=${url}`,
    `--user-data-dir=${profile}`,
    '--no-first-run',
    '--no-default-browser-check',
    '--noerrdialogs',
    '--disable-session-crashed-bubble',
    '--disable-infobars',
    '--disable-translate',
    '--disable-features=Translate',
    '--disable-pinch',
    '--overscroll-history-navigation=0',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--check-for-update-interval=31536000',
    // For the watchdog of `kiosk --open` (kioskWatchdog.ts): Chromium listens on 127.0.0.1 only, on a free port.
    ...(o.debugPort ? ['--remote-debugging-port=0'] : []),
  ];
}

/** The command line to print, quoted for a POSIX shell; the profile is a fresh folder made by the shell. */
export function kioskCommandLine(url: string, chromium = 'chromium'): string {
  const quote = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return [chromium, ...kioskArgs(url, '"$(mktemp -d)"').map((a) => (a.includes('$(mktemp') ? `--user-data-dir="$(mktemp -d)"` : quote(a)))].join(' ');
}

/** Starts Chromium in kiosk mode on `url`, detached (it outlives this process), with a fresh profile folder. */
export async function openKiosk(url: string, chromium: string): Promise<{ pid: number | undefined; profile: string }> {
  const profile = await mkdtemp(join(tmpdir(), 'gildeck-kiosk-profile-'));
  const child = spawn(chromium, kioskArgs(url, profile, { debugPort: true }), { detached: true, stdio: 'ignore' });
  await new Promise<void>((ok, fail) => {
    child.once('spawn', ok);
    child.once('error', (e) => fail(new UsageError(`could not start ${chromium}: ${e.message}`)));
  });
  child.unref();
  return { pid: child.pid, profile };
}
