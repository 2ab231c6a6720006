import { build, type Plugin } from 'esbuild';
import { join } from 'node:path';

/**
 * The engine's worker as one classic script (text). Browsers start it from a Blob URL (the only kind of worker
 * that also works from file://); Node starts it with `eval: true`. esbuild cannot bundle `new Worker(new URL())`,
 * so the worker is its own entry.
 */
export async function bundleWorker(root: string, minify = true): Promise<string> {
  const out = await build({
    entryPoints: [join(root, 'src/engine/worker/main.ts')],
    // Named, not found: esbuild ignores a tsconfig.json under node_modules, where an installed gildeck lives.
    tsconfig: join(root, 'tsconfig.json'),
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: ['es2022'],
    minify,
    // Only reached under Node, where the eval'd worker has `require`.
    external: ['node:worker_threads'],
    logLevel: 'silent',
  });
  return out.outputFiles[0]!.text;
}

/** Lets the runtime `import workerSource from 'gildeck:worker-source'` and get the worker bundle as a string. */
export function workerSourcePlugin(root: string): Plugin {
  return {
    name: 'gildeck-worker-source',
    setup(b) {
      b.onResolve({ filter: /^gildeck:worker-source$/ }, () => ({ path: 'worker-source', namespace: 'gildeck' }));
      b.onLoad({ filter: /.*/, namespace: 'gildeck' }, async () => ({
        contents: `export default ${JSON.stringify(await bundleWorker(root))};`,
        loader: 'js',
        watchFiles: [join(root, 'src/engine')],
      }));
    },
  };
}
