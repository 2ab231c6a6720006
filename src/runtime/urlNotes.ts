/** How long the note stays before it goes by itself: long enough to read, short enough not to cover a booth's deck. */
export const URL_NOTES_MS = 20_000;

/**
 * Shows on the page what the address asked for and did not get (an unknown option, a value out of range, clamped):
 * someone who follows a shared link sees why the deck does not behave as the link says. It takes no key and no
 * focus, closes with its button or after URL_NOTES_MS. Returns the element, or null when there is nothing to say.
 */
export function showUrlNotes(notes: readonly string[], doc: Document = document): HTMLElement | null {
  if (!notes.length) return null;
  const box = doc.createElement('aside');
  box.className = 'gd-url-notes';
  box.setAttribute('role', 'status');
  box.setAttribute('data-prevent-swipe', '');
  const title = doc.createElement('strong');
  title.textContent = `The address has ${notes.length === 1 ? 'an option' : `${notes.length} options`} this deck did not take as written:`;
  const list = doc.createElement('ul');
  for (const n of notes) {
    const li = doc.createElement('li');
    li.textContent = n;
    list.append(li);
  }
  const close = doc.createElement('button');
  close.type = 'button';
  close.className = 'gd-url-notes-close';
  close.textContent = 'OK';
  close.setAttribute('aria-label', 'Close this note');
  const timer = setTimeout(() => box.remove(), URL_NOTES_MS);
  close.addEventListener('click', () => {
    clearTimeout(timer);
    box.remove();
  });
  box.append(title, list, close);
  doc.body.append(box);
  return box;
}
