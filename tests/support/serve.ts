import { type ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');

/** Starts `node build.mjs serve` on a free port and resolves with its URL. */
export function startServe(slides: string, out: string, extra: readonly string[] = []): Promise<{ proc: ChildProcess; url: string; output: () => string; stop: () => Promise<void> }> {
  const proc = spawn(process.execPath, ['build.mjs', 'serve', '--slides', slides, '--out', out, '--port', '0', ...extra], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
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
      const m = /serving .* at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(output);
      if (m) ok({ proc, url: m[1]!, output: () => output, stop });
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('exit', (code) => fail(new Error(`serve exited with ${code} before listening:\n${output}`)));
  });
}
