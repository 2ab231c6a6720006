// The start script of a deck with widgets, linked before the runtime (src/cli/build.ts): the plugin that mounts
// them and their frames' stylesheet. A deck without widgets loads neither. The runtime finds it on the page.
import './widgets.css';
import { widgetsPlugin } from './widgetsPlugin.js';

/** The global the runtime (main.ts) reads the plugin from. */
export const WIDGETS_GLOBAL = '__gildeckWidgets';

(globalThis as Record<string, unknown>)[WIDGETS_GLOBAL] = widgetsPlugin;
