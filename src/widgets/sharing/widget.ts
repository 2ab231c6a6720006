import type { WidgetDefinition } from '../definition.js';
import { initialSharing, measurable, type SharingData, sharingMetrics, sharingSummary, withSample } from './model.js';
import { sharing } from './schema.js';
import { sharingView } from './view.js';

/** Whether this page can share memory, before the engine is asked (null outside a browser page). */
const pageSharesMemory = (): boolean | null => {
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated;
  return typeof isolated === 'boolean' ? isolated && typeof SharedArrayBuffer !== 'undefined' : null;
};

export const sharingWidget: WidgetDefinition<typeof sharing.attributes, SharingData> = {
  spec: sharing,
  initial: (v) => initialSharing({ size: v.size, methods: v.methods, repeat: v.repeat, sharedMemory: pageSharesMemory() }),
  async run({ values: v, engine, signal }, update) {
    let data: SharingData = {
      ...initialSharing({ size: v.size, methods: v.methods, repeat: v.repeat, sharedMemory: engine.host.sharedMemory }),
      mode: engine.host.sharedMemory ? 'shared-memory' : 'message-fallback',
      running: true,
    };
    update(data);
    // Rounds interleave the methods, so the device's speed drifting over the run hits each of them alike.
    for (let round = 0; round < v.repeat; round++) {
      for (const method of measurable(data)) {
        if (signal.aborted) return { ...data, running: false };
        data = withSample(data, method, await engine.measureSharing(data.bytes, method));
        update(data);
      }
    }
    return { ...data, running: false };
  },
  view: (root) => sharingView(root),
  summary: sharingSummary,
  modeOf: (d) => d.mode,
  metrics: sharingMetrics,
};

