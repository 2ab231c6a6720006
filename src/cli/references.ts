import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Engine } from '../engine/engine.js';
import { nodeHost } from '../engine/nodeHost.js';
import { parseAttributes } from '../widgets/attributes.js';
import { LIVE_WIDGETS } from '../widgets/live.js';
import type { ReferenceRun } from '../widgets/referenceRun.js';
import { closest } from '../compiler/suggest.js';
import { UsageError } from './deckFiles.js';
import { bundleWorker } from './workerBundle.js';

/**
 * Runs every live widget once with its default attributes on Node worker threads and stores the data as the
 * reference run that print view shows where a widget was never run on the device.
 */
export async function recordReferences(root: string, only: string[]): Promise<void> {
  const names = only.length ? only : [...LIVE_WIDGETS.keys()];
  for (const n of names) if (!LIVE_WIDGETS.has(n)) throw new UsageError(`"${n}" is not a live widget; live widgets: ${[...LIVE_WIDGETS.keys()].join(', ')}`);
  const engine = new Engine(nodeHost(await bundleWorker(root)));
  try {
    for (const name of names) {
      const def = LIVE_WIDGETS.get(name)!;
      const { values } = parseAttributes(def.spec, {}, closest);
      const t0 = performance.now();
      const data = await def.run({ values, engine, signal: new AbortController().signal, track: (h) => h }, () => undefined);
      const run: ReferenceRun = { widget: name, recordedAt: new Date().toISOString(), runtime: `${engine.host.runtime}, ${engine.host.cores} cores`, attributes: values, data, summary: def.summary(data) };
      // Hundredths of a millisecond are plenty for a picture, and halve what every page carries.
      const rounded = JSON.stringify(run, (_k, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 100) / 100 : v));
      await writeFile(join(root, 'src/widgets', name, 'reference.json'), `${rounded}\n`);
      console.log(`${name}: recorded in ${((performance.now() - t0) / 1000).toFixed(1)} s: ${run.summary}`);
    }
  } finally {
    await engine.dispose();
  }
}
