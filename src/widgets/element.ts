import { type AttributeProblem, type AttributeValue, parseAttributes, type WidgetSpec } from './attributes.js';
import { closest } from '../suggest.js';
import { PRINT_EVENT, PRINT_STATE_ATTRIBUTE } from './print.js';

/** Why a widget is mounted: live on the visible slide, mirrored in the speaker view, or as a print snapshot. */
export type MountMode = 'live' | 'mirror' | 'print';

/** What the reveal.js plugin calls on every widget element; nothing else starts or stops a widget. */
export interface MountableWidget {
  mount(mode: MountMode): void;
  unmount(): void;
}

/**
 * Base element for every widget: parses its attributes with the widget's schema (so it also works in a plain
 * page) and shows attribute errors inside itself instead of throwing.
 */
export abstract class WidgetElement extends HTMLElement implements MountableWidget {
  abstract readonly spec: WidgetSpec;
  protected mode: MountMode | null = null;

  get values(): Record<string, AttributeValue> {
    return this.parse().values;
  }

  protected parse(): { values: Record<string, AttributeValue>; problems: AttributeProblem[] } {
    const raw: Record<string, string> = {};
    for (const a of Array.from(this.attributes)) if (a.name !== 'id' && a.name !== 'class' && !a.name.startsWith('data-') && !a.name.startsWith('aria-')) raw[a.name] = a.value;
    return parseAttributes(this.spec, raw, closest);
  }

  mount(mode: MountMode): void {
    this.mode = mode;
    this.setAttribute('data-mounted', mode);
    try {
      const { problems } = this.parse();
      if (problems.length) return this.showError(problems.map((p) => `${p.message} (${p.hint})`).join('\n'));
      this.start(mode);
    } catch (e) {
      this.showError(e instanceof Error ? e.message : String(e));
    }
  }

  unmount(): void {
    this.mode = null;
    this.removeAttribute('data-mounted');
    try {
      this.stop();
    } catch (e) {
      this.showError(e instanceof Error ? e.message : String(e));
    }
  }

  /**
   * Print view: the widget has drawn its final picture (a stored run, its reference run, or the empty chart that
   * says there is none). Set two frames after the drawing, once it is laid out, so an export can wait for it.
   */
  protected printReady(state: 'ready' | 'error' = 'ready'): void {
    const mark = () => {
      this.setAttribute(PRINT_STATE_ATTRIBUTE, state);
      this.dispatchEvent(new Event(PRINT_EVENT, { bubbles: true }));
    };
    if (typeof requestAnimationFrame !== 'function') return mark();
    requestAnimationFrame(() => requestAnimationFrame(mark));
  }

  /** Shown inside the widget; the deck keeps working. */
  showError(message: string): void {
    if (this.mode === 'print') this.printReady('error');
    this.replaceChildren();
    const box = document.createElement('div');
    box.className = 'gd-widget-error';
    box.setAttribute('role', 'alert');
    box.textContent = `${this.spec.name}: ${message}`;
    this.append(box);
  }

  protected abstract start(mode: MountMode): void;
  protected abstract stop(): void;
}
