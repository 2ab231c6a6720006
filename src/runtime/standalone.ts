// The standalone widgets bundle (`node build.mjs export widgets`): every gildeck widget as a custom element for any
// page (plain HTML, a blog post, another tool's reveal.js deck), with its styles, the engine and its worker in one
// classic script. No reveal.js and no service worker: the host page is not ours to reload or cache. Where the page
// is not cross-origin isolated (file://, most hosts) the engine runs its message fallback and each widget says so.
import css from 'gildeck:widgets-css';
import { liveElement, provideSource } from '../widgets/liveElement.js';
import type { MountableWidget, MountMode } from '../widgets/element.js';
import { elementName, LIVE_WIDGETS } from '../widgets/registry.js';
import { pageEngine, pageSource } from './engine.js';
import { browserMountHost, StandaloneMounter } from './standaloneMount.js';
import { fitToColumn } from './standaloneFit.js';

const STYLE_ID = 'gildeck-widgets-style';

type LiveWidgetClass = new () => HTMLElement & MountableWidget & { disconnectedCallback(): void };

function injectStyles(doc: Document): void {
  if (doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = css;
  // First in <head>: the page's own rules come later and win over ours at equal specificity.
  doc.head.prepend(style);
}

provideSource(pageSource);
injectStyles(document);
const mounter = new StandaloneMounter(browserMountHost(window));
for (const [name, def] of LIVE_WIDGETS) {
  // A gildeck deck (or this bundle loaded twice) has defined them already: theirs stay.
  if (customElements.get(elementName(name))) continue;
  const Live = liveElement(def) as unknown as LiveWidgetClass;
  customElements.define(
    elementName(name),
    class extends Live {
      private unfit: (() => void) | null = null;
      connectedCallback(): void {
        mounter.track(this);
      }
      override disconnectedCallback(): void {
        mounter.untrack(this);
        super.disconnectedCallback();
      }
      override mount(mode: MountMode): void {
        super.mount(mode);
        this.unfit ??= fitToColumn(this);
      }
      override unmount(): void {
        super.unmount();
        this.unfit?.();
        this.unfit = null;
      }
    },
  );
}
// For the page's own scripts and tests: the engine (its live workers) and how many widgets run now.
(window as unknown as { gildeckWidgets: unknown }).gildeckWidgets = {
  engine: pageEngine,
  get mounted() {
    return mounter.mountedCount;
  },
};
