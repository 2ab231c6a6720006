import { formatValue, type WidgetSpec } from './attributes.js';
import { type MountMode, WidgetElement } from './element.js';

/**
 * A widget that is declared and validated but whose live demo is not built yet: it says so plainly and shows
 * the attributes it will run with. Replaced widget by widget as each becomes live.
 */
export function previewElement(spec: WidgetSpec): CustomElementConstructor {
  return class extends WidgetElement {
    readonly spec = spec;

    protected start(mode: MountMode): void {
      const box = document.createElement('div');
      box.className = 'gd-widget-preview';
      const title = document.createElement('strong');
      title.textContent = spec.name;
      const summary = document.createElement('p');
      summary.textContent = spec.summary;
      const attrs = document.createElement('code');
      attrs.textContent = Object.entries(this.values).map(([k, v]) => `${k}=${formatValue(v)}`).join(' ');
      const status = document.createElement('p');
      status.className = 'gd-widget-status';
      status.textContent = `Preview only: this widget does not run a workload yet (${mode}).`;
      box.append(title, summary, attrs, status);
      this.replaceChildren(box);
    }

    protected stop(): void {
      const status = this.querySelector('.gd-widget-status');
      if (status) status.textContent = 'Preview only: stopped.';
    }
  };
}
