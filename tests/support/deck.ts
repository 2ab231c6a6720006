import type { Page } from 'playwright-core';

/** Shows the slide that holds the widget's element (wherever the deck put it); fails if there is none. */
export async function goToWidget(page: Page, name: string): Promise<void> {
  const found = await page.evaluate((n) => {
    const deck = (window as any).gildeck.deck;
    const slide = document.querySelector(`gd-${n}`)?.closest('section');
    if (!slide) return false;
    const { h, v } = deck.getIndices(slide);
    deck.slide(h, v);
    return true;
  }, name);
  if (!found) throw new Error(`no gd-${name} element in the deck`);
}

/** Leaves the current slide for the next one (the first, from the last). */
export const leaveSlide = (page: Page): Promise<void> =>
  page.evaluate(() => {
    const deck = (window as any).gildeck.deck;
    if (deck.isLastSlide()) deck.slide(0);
    else deck.next();
  });
