import type { RevealApi, RevealPlugin } from 'reveal.js';
import { PRINT_EVENT, PRINT_READY_ATTRIBUTE, PRINT_STATE_ATTRIBUTE } from '../widgets/print.js';
import { pageChunks } from './chunks.js';

/** Room kept under a slide's content for its "Act · n/m" footer and reveal's page number (px, beside the footer's own height). */
const FOOTER_GAP = 10;

/**
 * Fits each printed slide on its one page: reveal.js sizes pages before the widgets draw, so a slide with a tall
 * widget (asyncio, race) would run under its footer or be cut off. The slide's content is scaled down (CSS zoom,
 * which reflows, unlike a transform) until it fits above the footer band, then centred there; the footer sits at
 * the bottom of the slide area. Pure layout: no widget is redrawn.
 */
export function fitPrintPages(root: ParentNode, slide: { height: number; center: boolean }): void {
  for (const page of Array.from(root.querySelectorAll<HTMLElement>('.pdf-page'))) {
    const section = page.querySelector<HTMLElement>(':scope > section');
    if (!section) continue;
    const footer = section.querySelector<HTMLElement>(':scope > .gd-act-indicator');
    const content = Array.from(section.children).filter((c): c is HTMLElement => c !== footer && !c.matches('aside.notes, .speaker-notes') && c instanceof HTMLElement);
    const pageHeight = page.clientHeight;
    // reveal.js leaves the same margin above and below the slide area.
    const margin = Math.max(0, Math.floor((pageHeight - slide.height) / 2));
    const band = footer ? footer.offsetHeight + FOOTER_GAP : FOOTER_GAP;
    const room = pageHeight - 2 * margin - band;
    section.style.height = '';
    for (const c of content) c.style.zoom = '';
    let height = contentHeight(section, content);
    // Zoom reflows text, so the new height is close to, not exactly, height * k: a few rounds settle it.
    for (let round = 0; round < 4 && height > room; round++) {
      const k = (Number(content[0]?.style.zoom) || 1) * (room / height) * 0.99;
      for (const c of content) c.style.zoom = String(k);
      height = contentHeight(section, content);
    }
    const top = slide.center || section.classList.contains('center') ? margin + Math.max(0, (room - height) / 2) : margin;
    section.style.top = `${top}px`;
    section.style.height = `${pageHeight - margin - top}px`;
    const notes = page.nextElementSibling;
    if (notes instanceof HTMLElement && notes.matches('.speaker-notes-pdf[data-layout="separate-page"]')) fitNotesPage(notes, section, pageHeight);
  }
}

/** A notes page (`showNotes: separate-page`) is one page too, titled with its slide, its text shrunk if it is long. */
function fitNotesPage(notes: HTMLElement, section: HTMLElement, pageHeight: number): void {
  const title = section.querySelector('h1, h2, h3')?.textContent?.trim();
  const where = section.querySelector(':scope > .gd-act-indicator')?.textContent?.trim();
  notes.setAttribute('data-gd-title', `Notes${title ? `: ${title}` : ''}${where ? ` (${where})` : ''}`);
  notes.style.zoom = '';
  notes.style.height = '';
  const natural = notes.scrollHeight;
  const k = natural > pageHeight ? (pageHeight / natural) * 0.99 : 1;
  if (k < 1) notes.style.zoom = String(k);
  notes.style.height = `${Math.floor(pageHeight / k)}px`;
}

/** The bottom of the lowest content element, from the section's top (the footer is positioned, so not counted). */
function contentHeight(section: HTMLElement, content: HTMLElement[]): number {
  const top = section.getBoundingClientRect().top;
  let bottom = 0;
  for (const c of content) {
    const r = c.getBoundingClientRect();
    const marginBottom = parseFloat(getComputedStyle(c).marginBottom) || 0;
    bottom = Math.max(bottom, r.bottom + marginBottom * (Number(c.style.zoom) || 1) - top);
  }
  return bottom;
}

/**
 * Print view (`?print-pdf`): once reveal.js has built the pages and every widget has drawn its final picture, fits
 * each slide on its page and marks the document ready. Nothing here runs outside print view.
 */
export function printViewPlugin(): RevealPlugin {
  return {
    id: 'gildeck-print',
    init(deck: RevealApi) {
      if (!(deck as unknown as { isPrintView(): boolean }).isPrintView()) return;
      let pagesBuilt = false;
      const check = () => {
        if (!pagesBuilt) return;
        const selector = pageChunks().widgetSelector;
        const widgets = selector ? Array.from(document.querySelectorAll(selector)) : [];
        if (widgets.some((w) => !w.hasAttribute(PRINT_STATE_ATTRIBUTE))) return;
        document.removeEventListener(PRINT_EVENT, check);
        void document.fonts.ready.then(() => {
          const size = deck.getComputedSlideSize();
          fitPrintPages(document, { height: size.height, center: deck.getConfig().center !== false });
          requestAnimationFrame(() => document.documentElement.setAttribute(PRINT_READY_ATTRIBUTE, 'ready'));
        });
      };
      document.addEventListener(PRINT_EVENT, check);
      deck.on('pdf-ready', () => {
        pagesBuilt = true;
        check();
      });
    },
  };
}
