// Served only by `gildeck serve`: reloads the page after a good rebuild, shows errors over it after a bad one.
interface Status {
  ok: boolean;
  errors: string[];
  build: string;
}

const OVERLAY_ID = 'gildeck-overlay';

function showErrors(errors: string[]): void {
  let overlay = document.getElementById(OVERLAY_ID);
  if (!overlay) {
    overlay = document.createElement('div');
    overlay.id = OVERLAY_ID;
    overlay.setAttribute('role', 'alert');
    overlay.style.cssText =
      'position:fixed;inset:0;z-index:2147483647;background:rgba(16,19,26,.94);color:#f4f5f7;padding:32px;overflow:auto;' +
      'font:16px/1.5 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap';
    document.body.append(overlay);
  }
  const title = document.createElement('div');
  title.style.cssText = 'color:#ff8c5a;font-weight:bold;font-size:20px;margin-bottom:16px';
  title.textContent = 'gildeck: the last edit does not compile. Still showing the last good deck underneath.';
  const body = document.createElement('div');
  body.textContent = errors.join('\n\n');
  overlay.replaceChildren(title, body);
}

// The build this page was served from, written into the page by serve; '' on the page shown before any good build.
const mine = (document.currentScript as HTMLScriptElement | null)?.dataset.build ?? '';
const events = new EventSource('/__gildeck/events');
events.addEventListener('status', (e) => {
  const status = JSON.parse((e as MessageEvent<string>).data) as Status;
  if (!status.ok) return showErrors(status.errors);
  // Compared with the page's own build, not the first one heard: a build that finished before this stream
  // connected must reload the page too.
  if (status.build !== mine) location.reload();
  else document.getElementById(OVERLAY_ID)?.remove();
});
