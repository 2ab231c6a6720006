import { build, type BuildOptions, type Plugin } from 'esbuild';
import { join } from 'node:path';

/**
 * What every bundle gildeck makes for the browser shares: one bundle, for today's browsers, minified, in memory.
 * The tsconfig is named, not found: esbuild ignores a tsconfig.json under node_modules, where an installed gildeck
 * lives.
 */
export const browserBundle = (root: string) =>
  ({
    bundle: true,
    platform: 'browser',
    target: ['es2022'],
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    tsconfig: join(root, 'tsconfig.json'),
  }) satisfies BuildOptions;

/**
 * The engine's worker as one classic script (text). Browsers start it from a Blob URL (the only kind of worker
 * that also works from file://); Node starts it with `eval: true`. esbuild cannot bundle `new Worker(new URL())`,
 * so the worker is its own entry.
 */
export async function bundleWorker(root: string, minify = true): Promise<string> {
  const out = await build({
    ...browserBundle(root),
    entryPoints: [join(root, 'src/engine/worker/main.ts')],
    format: 'iife',
    minify,
    // Only reached under Node, where the eval'd worker has `require`.
    external: ['node:worker_threads'],
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
