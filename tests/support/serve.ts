import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

export interface Started {
  proc: ChildProcess;
  url: string;
  output: () => string;
  stop: () => Promise<void>;
}

/**
 * Starts `node build.mjs <args>` and resolves once its output matches `ready` (whose first group is the URL it
 * serves); Ctrl-C (SIGINT) stops it. Rejects with what it printed if it exits first.
 */
export function startCli(args: readonly string[], ready: RegExp, env: NodeJS.ProcessEnv = process.env): Promise<Started> {
  const proc = spawn(process.execPath, ['build.mjs', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  const stop = async () => {
    if (proc.exitCode !== null) return;
    const exited = new Promise((r) => proc.once('exit', r));
    proc.kill('SIGINT');
    await exited;
  };
  return new Promise((ok, fail) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = ready.exec(output);
      if (m) ok({ proc, url: m[1]!, output: () => output, stop });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`${args[0]} exited with ${code} before serving:\n${output}`)));
  });
}

/** Starts `node build.mjs serve` on a free port and resolves with its URL. */
export const startServe = (slides: string, out: string, extra: readonly string[] = []): Promise<Started> =>
  startCli(['serve', '--slides', slides, '--out', out, '--port', '0', ...extra], /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/);

/** `node build.mjs kiosk ...` until it prints the kiosk's address. */
export const startKiosk = (args: readonly string[], env?: NodeJS.ProcessEnv): Promise<Started> =>
  startCli(['kiosk', ...args], /^kiosk: (http:\/\/127\.0\.0\.1:\d+\/\?kiosk)$/m, env);
