import { type AttributeSpecs, type AttributeValues } from './attributes.js';
import type { View, WidgetData, WidgetDefinition } from './definition.js';
import { type MountMode, WidgetElement } from './element.js';
import { frameLoop } from './frames.js';
import { NO_REFERENCE, pageReference, referenceKey, referenceLabel } from './referenceRun.js';
import { followResults, measuredLabel, publishResult, storedResult } from './results.js';
import type { TraceSource } from './source.js';
import { startWork } from './work.js';
import { pageRecording, recordingSource } from './recordings.js';
import { cpythonSource, pageCpython } from './cpythonSource.js';
import { recordingLabel } from '../recorder/recording.js';
import { type PlayedRun, runsTrace } from './runTrace.js';
import { formatMs } from './format.js';
import { isPlausible } from '../engine/plausible.js';

import { RUN_EVENT, type RunState } from './runEvent.js';
export { RUN_EVENT, type RunState } from './runEvent.js';

/** Why a run was stopped as failed from outside (the kiosk's watchdog): shown in the widget as its error. */
export class RunFailed extends Error {
  override name = 'RunFailed';
}

/** After a run is stopped as failed, how long its work may take to wind down before the widget stops waiting. */
const FAILED_GRACE_MS = 2000;

/** Where the page's widgets get their runs (set once by the runtime: its engine; tests can set their own). */
let sourceProvider: (() => TraceSource) | null = null;
export function provideSource(p: () => TraceSource): void {
  sourceProvider = p;
}

const LIVE_FRAME_MS = 250;
/** Said before the summary of a run that finished faster than its work can take on this device. */
export const TOO_FAST =
  'Not a result: this run finished faster than its work can take at the speed this device was measured at (it sped up since); run it again.';
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
 * the widget's view, and an aria-live summary. It drives the widget's declared work: it runs only when mounted
 * live, owns the one AbortSignal that stops it (unmounted, Stop, run again), draws from one frame loop, mirrors
 * the main window in the speaker view, and draws the last (or a reference) run in print.
 */
export function liveElement<S extends AttributeSpecs, D extends WidgetData>(def: WidgetDefinition<S, D>): CustomElementConstructor {
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
    /** The runs of the last run, for its "trace" link; the link's Blob is made on the first click. */
    private played: PlayedRun[] = [];
    private traceLink!: HTMLAnchorElement;
    private traceUrl: string | null = null;
    /** When the running work last produced data (or started). */
    private progressAt = 0;

    /** Milliseconds since the running work last produced data; 0 when nothing runs. */
    get idleFor(): number {
      return this.abort ? performance.now() - this.progressAt : 0;
    }

    private emit(state: RunState) {
      this.dispatchEvent(new CustomEvent(RUN_EVENT, { bubbles: true, detail: { state } }));
    }

    /** Stops the run, if any, as failed with `message` (its workers are ended by the run's AbortSignal). */
    fail(message: string): void {
      this.abort?.abort(new RunFailed(message));
    }

    override showError(message: string): void {
      super.showError(message);
      this.emit('error');
    }

    /** Time since the run started, in tenths of a second (so the status changes ten times a second, not every frame). */
    private elapsed(): string {
      return formatMs(Math.round((performance.now() - this.startedAt) / 100) * 100);
    }

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
      this.traceLink = el('a', 'gd-w-trace', 'trace');
      this.traceLink.title = 'Download this run as Chrome Trace JSON (open it at ui.perfetto.dev)';
      this.traceLink.hidden = true;
      this.traceLink.addEventListener('click', () => {
        this.traceUrl ??= URL.createObjectURL(new Blob([JSON.stringify(runsTrace(def.spec.name, this.played))], { type: 'application/json' }));
        this.traceLink.href = this.traceUrl;
      });
      head.append(this.button, this.status, this.traceLink, this.badge);
      const body = el('div', 'gd-w-body');
      // On a phone the chart scrolls sideways (theme.css): a swipe there scrolls it instead of changing slide.
      body.setAttribute('data-prevent-swipe', '');
      this.summaryEl = el('p', 'gd-w-summary');
      this.summaryEl.setAttribute('aria-live', 'polite');
      const foot = el('div', 'gd-w-foot');
      if (def.modelled) foot.append(el('span', 'gd-w-modelled', `Modelled, not measured: ${def.modelled}`));
      this.append(head, body, this.summaryEl, foot);
      this.view = def.view(body, values);
      const origin = this.origin();
      const source = origin.source;
      if (source) this.setBadge(source.mode);
      if (origin.kind === 'recording') {
        // A recording of real Python: drawn by the same model and view, in every mode, and said to be one.
        this.button.hidden = mode !== 'live';
        this.setAttribute('data-provenance', 'recorded');
        this.view.draw(def.initial(values, origin.source.host.cores));
        void this.playRecording(origin.source, origin.label);
        return;
      }
      if (origin.note) foot.append(el('span', 'gd-w-origin', origin.note));

      // Runs are stored and recorded per configuration: a run of other attributes never stands in for these.
      const key = referenceKey(def.spec.name, values);
      if (mode === 'live') {
        this.view.draw(def.initial(values, source?.host.cores ?? 2));
        const last = storedResult<D>(this.id, key);
        // Runs are kept across reloads and days (until ?clear-results): say when this one was measured.
        if (last) this.show(last.data, last.summary, `last run: ${measuredLabel(last)} (R runs again)`);
      } else if (mode === 'mirror') {
        // The speaker view never runs workloads: it shows what the main window measures.
        this.button.hidden = true;
        this.view.draw(def.initial(values, source?.host.cores ?? 2));
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
          const data = def.asReference ? def.asReference(reference.data, label, values) : reference.data;
          this.show(data, def.summary(data), label);
          this.setAttribute('data-provenance', 'reference');
        } else {
          this.view.draw(def.initial(values, source?.host.cores ?? 2));
          this.status.textContent = NO_REFERENCE;
          this.setAttribute('data-provenance', 'none');
        }
        this.printReady();
      }
    }

    /**
     * Where this widget's runs come from: `engine=cpython` is real Python run now by the dev server where the page
     * has one (`serve --python`); otherwise (or without it) a `trace=` recording; otherwise the page's emulation.
     * A fallback is said (`note`), never silent. A recording named but missing is an error, shown in the widget.
     */
    private origin(): { kind: 'recording'; source: TraceSource; label: string } | { kind: 'run'; source: TraceSource | undefined; note: string | null } {
      const wantsPython = this.dataset.engine === 'cpython';
      const python = wantsPython ? pageCpython() : null;
      if (python) return { kind: 'run', source: cpythonSource(python, navigator.hardwareConcurrency || 2), note: `real CPython ${python.version}, run now by the dev server (${python.python})` };
      const missing = 'no live Python here (it needs node build.mjs serve --python python3)';
      const path = this.dataset.trace;
      if (path) {
        const rec = pageRecording(path);
        return { kind: 'recording', source: recordingSource(rec), label: `${recordingLabel(rec.header, rec.end)}${wantsPython ? ` · ${missing}` : ''}` };
      }
      return { kind: 'run', source: sourceProvider?.(), note: wantsPython ? `${missing}: emulated` : null };
    }

    /** Draws a recording through the widget's work, as a run; the status says where and when it was recorded. */
    private async playRecording(source: TraceSource, label: string): Promise<void> {
      const abort = new AbortController();
      const generation = ++this.generation;
      try {
        const data = await startWork(def, this.values as AttributeValues<S>, source, abort.signal).done;
        if (generation !== this.generation) return;
        this.show(data, def.summary(data), label);
        // Print view waits for every widget's final picture: a recording's is this one.
        if (this.mode === 'print') this.printReady();
      } catch (e) {
        if (generation === this.generation) this.showError(e instanceof Error ? e.message : String(e));
      }
    }

    private setBadge(mode: TraceSource['mode'] | string) {
      const [text, title] =
        mode === 'shared-memory'
          ? ['shared memory', 'Workers share memory (cross-origin isolated page).']
          : mode === 'recorded'
            ? ['recorded: real Python', 'A recording of a real Python interpreter (node build.mjs record), not run here: see the status line for which Python, where and when.']
            : mode === 'cpython'
              ? ['real CPython, live', 'Real Python, running now on this machine: the dev server (serve --python) runs the workload and streams what each thread did.']
            : [FALLBACK_BADGE, 'No shared memory here (file:// or a plain static host): the GIL is handed over by messages, in request order, checked once per switch interval. CPython lets the OS choose the next holder and checks between bytecodes, so who runs when is approximate.'];
      this.badge.textContent = text;
      this.badge.title = title;
    }

    private show(data: D, summary: string, status: string) {
      this.view?.draw(data);
      this.summaryEl.textContent = summary;
      this.status.textContent = status;
      if (data.mode) this.setBadge(data.mode);
    }

    /** Starts (or restarts) the widget's run; only while mounted live. */
    async run(): Promise<void> {
      if (this.mode !== 'live') return;
      const generation = ++this.generation;
      await this.cancel(false);
      // Another run, a cancel or leaving the slide may have happened while the previous run stopped.
      if (generation !== this.generation || this.mode !== 'live') return;
      const origin = this.origin();
      if (origin.kind === 'recording') return this.playRecording(origin.source, origin.label);
      const source = origin.source;
      if (!source) return this.showError('no engine on this page');
      const values = this.values as AttributeValues<S>;
      const abort = new AbortController();
      this.abort = abort;
      this.view?.draw(def.initial(values, source.host.cores));
      this.summaryEl.textContent = '';
      this.summaryEl.classList.remove('gd-w-error');
      this.startedAt = this.progressAt = performance.now();
      this.setAttribute('data-state', 'running');
      this.button.textContent = 'Stop';
      this.forgetTrace();
      const played: PlayedRun[] = [];
      this.played = played;
      this.emit('running');
      const work = startWork(def, values, source, abort.signal, () => (this.progressAt = performance.now()), (p) => played.push(p));
      // A run stopped as failed may be stuck where the signal does not reach: wait for it a moment, not forever.
      const givenUp = new Promise<never>((_, reject) =>
        abort.signal.addEventListener('abort', () => {
          if (abort.signal.reason instanceof RunFailed) setTimeout(() => reject(abort.signal.reason), FAILED_GRACE_MS);
        }),
      );
      work.done.catch(() => undefined);
      // The one loop: each frame, the newest data is modelled and drawn, and the clock in the status moves on.
      let lastPublish = 0;
      const stopLoop = frameLoop(() => {
        if (abort.signal.aborted) return false;
        const text = `running · ${this.elapsed()}`;
        if (this.status.textContent !== text) this.status.textContent = text;
        const data = work.take();
        if (data) {
          this.view?.draw(data);
          const now = performance.now();
          if (now - lastPublish > LIVE_FRAME_MS) {
            lastPublish = now;
            publishResult({ widget: def.spec.name, id: this.id, data, summary: '', mode: '', at: Date.now(), final: false });
          }
        }
        return true;
      });
      this.running = (async () => {
        let outcome: RunState = 'stopped';
        try {
          const data = await Promise.race([work.done, givenUp]);
          stopLoop();
          // A run faster than its work can take here is shown, and said not to be a result: its numbers are not
          // published (the engine measures the device's speed again before the next run).
          const tooFast = !def.judgesRuns && played.some((p) => !isPlausible(p.run));
          const summary = tooFast ? `${TOO_FAST} ${def.summary(data)}` : def.summary(data);
          this.show(data, summary, `done in ${this.elapsed()}${tooFast ? ' · not a result' : ''}`);
          this.summaryEl.classList.toggle('gd-w-too-fast', tooFast);
          publishResult({ widget: def.spec.name, id: this.id, key: referenceKey(def.spec.name, values), data, summary, mode: data.mode ?? '', at: Date.now(), final: true, metrics: tooFast ? [] : (def.metrics?.(data) ?? []) });
          this.setAttribute('data-state', 'done');
          if (played.length && generation === this.generation) {
            this.traceLink.download = `${def.spec.name}${this.id ? `-${this.id}` : ''}-trace.json`;
            this.traceLink.hidden = false;
          }
          outcome = 'done';
        } catch (e) {
          // Stopped: what was drawn stays, and cancel() says so. Stopped as failed: the reason is the error.
          const failed = abort.signal.reason instanceof RunFailed ? (abort.signal.reason as RunFailed) : null;
          if (!abort.signal.aborted || failed) {
            const error = failed ?? e;
            this.setAttribute('data-state', 'error');
            this.status.textContent = 'failed';
            this.summaryEl.textContent = `Error: ${error instanceof Error ? error.message : String(error)}`;
            this.summaryEl.classList.add('gd-w-error');
            outcome = 'error';
          }
        } finally {
          stopLoop();
          // A run that ended (done or failed) has nothing left to stop: the button runs again on the first press.
          if (this.abort === abort) this.abort = null;
          if (this.button && generation === this.generation) this.button.textContent = 'Run';
          this.emit(outcome);
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

    /** Hides the trace link and lets go of its runs and Blob. */
    private forgetTrace(): void {
      if (this.traceUrl) URL.revokeObjectURL(this.traceUrl);
      this.traceUrl = null;
      this.played = [];
      if (this.traceLink) {
        this.traceLink.hidden = true;
        this.traceLink.removeAttribute('href');
      }
    }

    protected stop(): void {
      this.forgetTrace();
      // Leaving the slide stops the run and the idle workers it leaves behind: none outlives its demo.
      void this.cancel().then(() => sourceProvider?.().release?.());
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
