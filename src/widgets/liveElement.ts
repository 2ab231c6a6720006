import type { Engine } from '../engine/index.js';
import { type AttributeSpecs, type AttributeValues } from './attributes.js';
import type { View, WidgetDefinition } from './definition.js';
import { type MountMode, WidgetElement } from './element.js';
import { NO_REFERENCE, pageReference, referenceKey, referenceLabel } from './referenceRun.js';
import { followResults, measuredLabel, publishResult, storedResult } from './results.js';

/** How the page supplies its engine (set once by the runtime; tests can set their own). */
let engineProvider: (() => Engine) | null = null;
export function provideEngine(p: () => Engine): void {
  engineProvider = p;
}

const LIVE_FRAME_MS = 250;
/** The message fallback's GIL is a FIFO arbiter polled once per interval, not CPython's scheduler: say so. */
const FALLBACK_BADGE = 'message fallback: scheduling approximate';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/**
 * The custom element behind every live widget: a frame (title, Run button, status, engine mode, provenance),
 * the widget's view, and an aria-live summary. It runs only when mounted live, cancels its workers when
 * unmounted or re-run, mirrors the main window in the speaker view, and draws the last (or a reference) run in print.
 */
export function liveElement<S extends AttributeSpecs, D>(def: WidgetDefinition<S, D>): CustomElementConstructor {
  return class extends WidgetElement {
    readonly spec = def.spec;
    private view: View<D> | null = null;
    private status!: HTMLElement;
    private badge!: HTMLElement;
    private summaryEl!: HTMLElement;
    private button!: HTMLButtonElement;
    private abort: AbortController | null = null;
    private unfollow: (() => void) | null = null;
    private running: Promise<void> | null = null;
    /** Bumped by every run and every cancel: a run that is no longer the latest stops touching the widget. */
    private generation = 0;
    private startedAt = 0;

    protected start(mode: MountMode): void {
      const values = this.values as AttributeValues<S>;
      this.view?.destroy();
      this.replaceChildren();
      const head = el('div', 'gd-w-head');
      head.append(el('span', 'gd-w-title', def.spec.name));
      this.button = el('button', 'gd-w-run', 'Run');
      this.button.type = 'button';
      this.button.title = 'Run (R)';
      this.button.addEventListener('click', () => void (this.abort ? this.cancel() : this.run()));
      this.status = el('span', 'gd-w-status', 'ready');
      this.status.setAttribute('role', 'status');
      this.badge = el('span', 'gd-w-badge');
      head.append(this.button, this.status, this.badge);
      const body = el('div', 'gd-w-body');
      this.summaryEl = el('p', 'gd-w-summary');
      this.summaryEl.setAttribute('aria-live', 'polite');
      const foot = el('div', 'gd-w-foot');
      if (def.modelled) foot.append(el('span', 'gd-w-modelled', `Modelled, not measured: ${def.modelled}`));
      this.append(head, body, this.summaryEl, foot);
      this.view = def.view(body, values);
      const engine = engineProvider?.();
      if (engine) this.setBadge(engine.host.sharedMemory ? 'shared memory' : FALLBACK_BADGE);

      // Runs are stored and recorded per configuration: a run of other attributes never stands in for these.
      const key = referenceKey(def.spec.name, values);
      if (mode === 'live') {
        this.view.draw(def.initial(values, engine?.host.cores ?? 2));
        const last = storedResult<D>(this.id, key);
        // Runs are kept across reloads and days (until ?clear-results): say when this one was measured.
        if (last) this.show(last.data, last.summary, `last run: ${measuredLabel(last)} (R runs again)`);
      } else if (mode === 'mirror') {
        // The speaker view never runs workloads: it shows what the main window measures.
        this.button.hidden = true;
        this.view.draw(def.initial(values, engine?.host.cores ?? 2));
        this.status.textContent = 'mirroring the main window';
        this.unfollow = followResults(this.id, (r) => this.show(r.data as D, r.summary, r.final ? 'main window: done' : 'main window: running'));
      } else {
        this.button.hidden = true;
        const last = storedResult<D>(this.id, key);
        const reference = last ? null : pageReference<D>(def.spec.name, values);
        if (last) {
          this.show(last.data, last.summary, measuredLabel(last));
          this.setAttribute('data-provenance', 'measured');
        } else if (reference) {
          const label = referenceLabel(reference);
          const data = def.asReference ? def.asReference(reference.data, label) : reference.data;
          this.show(data, def.summary(data), label);
          this.setAttribute('data-provenance', 'reference');
        } else {
          this.view.draw(def.initial(values, engine?.host.cores ?? 2));
          this.status.textContent = NO_REFERENCE;
          this.setAttribute('data-provenance', 'none');
        }
      }
    }

    private setBadge(text: string) {
      this.badge.textContent = text;
      this.badge.title =
        text === FALLBACK_BADGE
          ? 'No shared memory here (file:// or a plain static host): the GIL is handed over by messages, in request order, checked once per switch interval. CPython lets the OS choose the next holder and checks between bytecodes, so who runs when is approximate.'
          : 'Workers share memory (cross-origin isolated page).';
    }

    private show(data: D, summary: string, status: string) {
      this.view?.draw(data);
      this.summaryEl.textContent = summary;
      this.status.textContent = status;
      const mode = def.modeOf?.(data);
      if (mode) this.setBadge(mode === 'shared-memory' ? 'shared memory' : FALLBACK_BADGE);
    }

    /** Starts (or restarts) the widget's run; only while mounted live. */
    async run(): Promise<void> {
      if (this.mode !== 'live') return;
      const generation = ++this.generation;
      await this.cancel(false);
      // Another run, a cancel or leaving the slide may have happened while the previous run stopped.
      if (generation !== this.generation || this.mode !== 'live') return;
      const engine = engineProvider?.();
      if (!engine) return this.showError('no engine on this page');
      const values = this.values as AttributeValues<S>;
      const abort = new AbortController();
      this.abort = abort;
      const handles = new Set<{ cancel(): Promise<void> }>();
      abort.signal.addEventListener('abort', () => {
        for (const h of handles) void h.cancel();
      });
      // A run started after the abort (a widget awaiting calibration, say) is cancelled as soon as it exists.
      const track = <T extends { cancel(): Promise<void> }>(h: T): T => {
        handles.add(h);
        if (abort.signal.aborted) void h.cancel();
        return h;
      };
      this.view?.draw(def.initial(values, engine.host.cores));
      this.summaryEl.textContent = '';
      this.startedAt = performance.now();
      this.setAttribute('data-state', 'running');
      this.button.textContent = 'Stop';
      const ticker = window.setInterval(() => {
        if (!abort.signal.aborted) this.status.textContent = `running · ${((performance.now() - this.startedAt) / 1000).toFixed(1)} s`;
      }, 100);
      let lastPublish = 0;
      const update = (data: D) => {
        if (abort.signal.aborted) return;
        this.view?.draw(data);
        const now = performance.now();
        if (now - lastPublish > LIVE_FRAME_MS) {
          lastPublish = now;
          publishResult({ widget: def.spec.name, id: this.id, data, summary: '', mode: '', at: Date.now(), final: false });
        }
      };
      this.running = (async () => {
        try {
          const data = await def.run({ values, engine, signal: abort.signal, track }, update);
          if (abort.signal.aborted) return;
          const summary = def.summary(data);
          this.show(data, summary, `done in ${((performance.now() - this.startedAt) / 1000).toFixed(1)} s`);
          publishResult({ widget: def.spec.name, id: this.id, key: referenceKey(def.spec.name, values), data, summary, mode: def.modeOf?.(data) ?? '', at: Date.now(), final: true, metrics: def.metrics?.(data) ?? [] });
          this.setAttribute('data-state', 'done');
        } catch (e) {
          if (!abort.signal.aborted) {
            this.setAttribute('data-state', 'error');
            this.status.textContent = 'failed';
            this.summaryEl.textContent = `Error: ${e instanceof Error ? e.message : String(e)}`;
            this.summaryEl.classList.add('gd-w-error');
          }
        } finally {
          window.clearInterval(ticker);
          // A run that ended (done or failed) has nothing left to stop: the button runs again on the first press.
          if (this.abort === abort) this.abort = null;
          if (this.button && generation === this.generation) this.button.textContent = 'Run';
        }
      })();
      await this.running;
    }

    /** Stops the run, if any, and waits until its workers are gone. */
    async cancel(bump = true): Promise<void> {
      if (bump) this.generation++;
      const abort = this.abort;
      this.abort = null;
      abort?.abort();
      // Wait for the previous run even if another caller already aborted it: its workers must be gone first.
      await this.running?.catch(() => undefined);
      if (this.getAttribute('data-state') === 'running') {
        this.setAttribute('data-state', 'stopped');
        this.status.textContent = 'stopped';
      }
    }

    protected stop(): void {
      // Leaving the slide stops the run and the idle workers it leaves behind: none outlives its demo.
      void this.cancel().then(() => engineProvider?.().releaseIdle());
      this.unfollow?.();
      this.unfollow = null;
      // Views may animate (the GIL replay); a widget off screen keeps nothing running. Mounting again redraws.
      if (this.mode === null) {
        this.view?.destroy();
        this.view = null;
      }
    }

    /** reveal.js moves slides around (print view builds PDF pages): keep the drawing, stop any run. */
    disconnectedCallback(): void {
      if (this.abort) this.stop();
    }
  };
}
