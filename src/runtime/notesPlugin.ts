import type { RevealApi, RevealPlugin } from 'reveal.js';
import { type ChunkLoader, NOTES_UNIT } from './chunks.js';

type NotesPlugin = RevealPlugin & { open(): void };
const SPEAKER_KEY = 83;

/**
 * reveal.js's notes plugin (the speaker view) loaded on first use: most of it is the speaker window's page, which
 * a deck opened without it never needs. Stands in for it under its id: S (or `?notes`) loads and opens it, and a
 * speaker window left open across a reload of this one, which says so every second, gets it back.
 */
export function lazyNotesPlugin(chunks: ChunkLoader): RevealPlugin {
  return {
    id: 'notes',
    init(deck: RevealApi) {
      // The speaker view's own frames never open one.
      if (/receiver/i.test(location.search)) return;
      let real: Promise<NotesPlugin> | null = null;
      const load = () =>
        (real ??= chunks.load(NOTES_UNIT).then((m) => {
          const plugin = (m as { default: () => NotesPlugin }).default();
          // Its init also opens the window for `?notes`, listens for a speaker window, and takes over the S key.
          void plugin.init?.(deck);
          return plugin;
        }));
      if (/(\?|&)notes/i.test(location.search)) return void load();
      const heartbeat = (e: MessageEvent) => {
        if (typeof e.data !== 'string' || !e.data.includes('"reveal-notes"') || !e.data.includes('"heartbeat"')) return;
        window.removeEventListener('message', heartbeat);
        void load();
      };
      window.addEventListener('message', heartbeat);
      deck.addKeyBinding({ keyCode: SPEAKER_KEY, key: 'S', description: 'Speaker notes view' }, () => void load().then((p) => p.open(), (e: unknown) => console.warn(`gildeck: the speaker view could not load: ${e instanceof Error ? e.message : String(e)}`)));
    },
  };
}
