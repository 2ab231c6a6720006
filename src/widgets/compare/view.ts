import { fitToSlide } from '../fitSlide.js';
import type { View } from '../definition.js';
import { type Cell, COLUMN_LABEL, compareBusyNote, type CompareData, compareNoisyNote, compareTable, type PythonFigures } from './model.js';

/** How many pairs each real-Python figure rests on (the fewest, if they differ). */
const pairsOf = (p: PythonFigures): number => Math.min(...Object.values(p.speedups).map((m) => m!.pairs.length));

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string | null, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (className) e.className = className;
  if (text !== undefined) e.textContent = text;
  return e;
}

/** Text with `code` spans, as the reference notes write it. */
function withCode(parent: HTMLElement, text: string): void {
  text.split(/(`[^`]+`)/).forEach((part) => {
    if (part.startsWith('`') && part.endsWith('`') && part.length > 1) parent.append(el('code', null, part.slice(1, -1)));
    else if (part) parent.append(part);
  });
}

/** Where each number came from, in words, so provenance never depends on colour alone. */
function provenanceTag(cell: Cell): HTMLElement {
  const tag = el('span', 'gd-prov');
  if (cell.provenance === 'reference' && cell.source) {
    tag.append('reference, ', el('cite', null, cell.source));
  } else tag.textContent = cell.provenance === 'recorded' ? 'reference run' : cell.provenance;
  return tag;
}

function cellElement(cell: Cell, recorded: boolean): HTMLTableCellElement {
  const td = el('td', `gd-cell gd-${cell.provenance}`);
  td.dataset.provenance = cell.provenance;
  const value = el('span', 'gd-cell-value');
  withCode(value, cell.text);
  td.append(value);
  // The tag follows the text on its line, where there is room, rather than taking a line of its own.
  if (cell.provenance !== 'measuring') td.append(' ', provenanceTag(cell));
  if (cell.pythonNote) {
    // Real Python's figure for the same column: recorded (where and when: the table's caption).
    td.append(el('span', 'gd-cell-note gd-python-note', cell.pythonNote));
  }
  if (cell.measuredNote) {
    const note = el('span', 'gd-cell-note', cell.measuredNote);
    note.append(' ', el('span', 'gd-prov', recorded ? 'reference run' : 'measured'));
    td.append(note);
  }
  return td;
}

/**
 * The final comparison as an HTML table (real header cells, so screen readers announce row and column), every
 * cell saying whether it was measured here or is a cited reference figure.
 */
export function compareView(root: HTMLElement): View<CompareData> {
  const table = el('table', 'gd-compare');
  root.append(table);
  return {
    draw(data) {
      // A reference run shown in print was measured elsewhere, ahead of time (its label is in the widget's head):
      // the caption must not say "this device".
      // Real Python's figures say what, where and when once, here, not in each cell.
      const python = data.python ? ` · real ${data.python.interpreter}: ${data.python.label}, ${pairsOf(data.python)} pairs each` : '';
      const caption = el('caption', null, `${data.origin ? 'reference run: recorded ahead (see above), not on this device · reference: a published figure, cited' : 'measured: on this device, by this deck\'s demos · reference: a published figure, cited'}${python}`);
      const head = el('tr', null);
      const corner = el('td', 'gd-corner');
      head.append(corner, ...data.columns.map((c) => Object.assign(el('th', null, COLUMN_LABEL[c]), { scope: 'col' })));
      const body = el('tbody', null);
      for (const row of compareTable(data)) {
        const tr = el('tr', null);
        tr.dataset.row = row.id;
        tr.append(Object.assign(el('th', null, row.label), { scope: 'row' }), ...row.cells.map((c) => cellElement(c, !!data.origin)));
        body.append(tr);
      }
      const thead = el('thead', null);
      thead.append(head);
      // A busy device is said where the numbers are, not hidden.
      for (const note of [compareBusyNote(data), compareNoisyNote(data)]) if (note) caption.append(el('span', 'gd-busy', note));
      table.replaceChildren(caption, thead, body);
      table.setAttribute('aria-busy', String(data.running));
      // A line per demo run makes the table grow through the talk: it shrinks to keep the slide on the screen.
      fitToSlide(table);
    },
    destroy() {
      table.remove();
    },
  };
}
