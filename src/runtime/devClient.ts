// Served only by `gildeck serve`: reloads the page after a good rebuild, shows errors over it after a bad one.
interface Status {
  ok: boolean;
  errors: string[];
  build: number;
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

let seen: number | null = null;
const events = new EventSource('/__gildeck/events');
events.addEventListener('status', (e) => {
  const status = JSON.parse((e as MessageEvent<string>).data) as Status;
  if (!status.ok) return showErrors(status.errors);
  // The first status only tells which build this page shows; a later good build means reload.
  if (seen !== null && status.build !== seen) location.reload();
  else document.getElementById(OVERLAY_ID)?.remove();
  seen = status.build;
});
