import './style.css';
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
  async work({ values: v, host, show, probes }) {
    let data: SharingData = { ...initialSharing({ size: v.size, methods: v.methods, repeat: v.repeat, sharedMemory: host.sharedMemory }), running: true };
    show(data);
    // Rounds interleave the methods, so the device's speed drifting over the run hits each of them alike.
    for (let round = 0; round < v.repeat; round++) {
      for (const method of measurable(data)) {
        data = withSample(data, method, await probes.measureSharing(data.bytes, method));
        show(data);
      }
    }
    return { ...data, running: false };
  },
  view: (root) => sharingView(root),
  summary: sharingSummary,
  metrics: sharingMetrics,
};

