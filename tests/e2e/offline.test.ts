import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { renderSlides } from '../../src/compiler/index.js';
import { compile, lines } from '../compiler/support.js';
import { browserAvailable, type LaunchedBrowser, launchBrowser } from '../support/browser.js';

const escape = (page: string) => page.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const srcdoc = (page: string) => `<iframe srcdoc="${escape(page)}"></iframe>`;
const base64 = (text: string) => Buffer.from(text).toString('base64');

/** Ways a slide may load from another origin, each given the remote host to use (so a request names its form). */
const LOADS: Record<string, (h: string) => string> = {
  'backslashes for slashes': (h) => `<img src="https:\\\\${h}/a.png">`,
  'no slashes': (h) => `<img src="https:${h}/a.png">`,
  'backslashes without a scheme': (h) => `<img src="\\\\${h}/a.png">`,
  'a slash and a backslash': (h) => `<img src="/\\${h}/a.png">`,
  'a Markdown image without slashes': (h) => `![a](https:${h}/a.png)`,
  'a control character before the scheme': (h) => `<img src="&#1;https://${h}/a.png">`,
  'a tab inside the scheme': (h) => `<img src="ht\ttps://${h}/a.png">`,
  'an entity-encoded tab inside the scheme': (h) => `<img src="ht&Tab;tps://${h}/a.png">`,
  'a line break inside the scheme': (h) => `Text <img src="htt\nps://${h}/a.png">`,
  'the second srcset candidate': (h) => `<img src="a.png" srcset="a.png 1x, https://${h}/b.png 2x">`,
  'a source srcset candidate after a bare comma': (h) => `<picture><source srcset="a.png 1x,https://${h}/b.png 2x"><img src="a.png"></picture>`,
  'a preload imagesrcset': (h) => `<link rel="preload" as="image" href="a.png" imagesrcset="a.png 1x, https://${h}/b.png 2x">`,
  'an SVG feImage': (h) => `<svg width="10" height="10"><filter id="f"><feImage href="https://${h}/a.png"/></filter><rect width="10" height="10" filter="url(#f)"/></svg>`,
  'an SVG fill url()': (h) => `<svg width="10" height="10"><rect width="10" height="10" fill="url(https://${h}/p.svg#g)"/></svg>`,
  'an image input': (h) => `<input type="image" src="https://${h}/go.png">`,
  'a table background': (h) => `<table background="https://${h}/t.png"><tr><td>x</td></tr></table>`,
  'a meta refresh': (h) => `<meta http-equiv="refresh" content="0; url='https://${h}/'">`,
  'a base URL': (h) => `<base href="https://${h}/"><img src="a.png">`,
  'a srcdoc page': (h) => `<iframe srcdoc="<img src=https://${h}/a.png>"></iframe>`,
  'a srcdoc page inside a srcdoc page': (h) => srcdoc(srcdoc(`<img src="https://${h}/a.png">`)),
  'an @import in a srcdoc page': (h) => srcdoc(`<style>@import "//${h}/a.css";</style>`),
  'an HTML data: URL in a frame': (h) => `<iframe src="data:text/html,%3Cimg%20src%3D%22https://${h}/a.png%22%3E"></iframe>`,
  'a base64 SVG data: URL in an object': (h) =>
    `<object data="data:image/svg+xml;base64,${base64(`<svg xmlns="http://www.w3.org/2000/svg"><image href="https://${h}/a.png" width="9" height="9"/></svg>`)}"></object>`,
  'a CSS escape in url()': (h) => `<div style="background: url(\\68ttps://${h}/a.png)">x</div>`,
  'a CSS escape in a quoted url()': (h) => `<div style="background: url('\\68ttps://${h}/a.png')">x</div>`,
  'an escaped url function name': (h) => `<div style="background: \\75rl(https://${h}/a.png)">x</div>`,
  'an image-set() string': (h) => `<div style="background-image: image-set('https://${h}/a.png' 1x)">x</div>`,
  'a -webkit-image-set() string': (h) => `<div style="background-image: -webkit-image-set('//${h}/a.png' 2x)">x</div>`,
  'an @import with a CSS escape': (h) => `<style>@import "\\68ttps://${h}/a.css";</style>`,
  'a url() cut off by the end of the style': (h) => `<div style="background: url(https://${h}/a.png">x</div>`,
};

/** Look remote, load nothing: the check must stay quiet. */
const FINE: Record<string, (h: string) => string> = {
  'a query that mentions a URL': (h) => `<img src="a.png?from=https://${h}/a.png">`,
  'a form': (h) => `<form action="https://${h}/f"><button>send</button></form>`,
  'a link in a srcdoc page': (h) => `<iframe srcdoc="<a href='https://${h}/'>more</a>"></iframe>`,
  'a url() in a CSS comment': (h) => `<style>/* body { background: url(https://${h}/a.png) } */</style>`,
  'a url() in a CSS string': (h) => `<style>body::after { content: "url(https://${h}/a.png)" }</style>`,
  'a CSS namespace': (h) => `<style>@namespace svg url(https://${h}/ns);</style>`,
  'an SVG data URL shown as an image': (h) => `<img src="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'%3E%3Cimage href='https://${h}/a.png' width='9' height='9'/%3E%3C/svg%3E">`,
  'a type() string in image-set()': (h) => `<div style="background: image-set('a.png' type('https://${h}/x'))">x</div>`,
  'a bad url()': (h) => `<div style="background: url(/**/'https://${h}/a.png')">x</div>`,
};

const forms = [...Object.entries(LOADS), ...Object.entries(FINE)].map(([name, form], i) => {
  const result = compile(lines('# A', '', form(`example.com/f${i}`)));
  return { name, i, page: renderSlides(result.deck), flagged: result.diagnostics.some((d) => d.severity === 'error') };
});

describe.runIf(browserAvailable())('the offline check and Chromium', () => {
  let server: Server;
  let origin: string;
  let browser: LaunchedBrowser;
  /** The forms Chromium requested something off the origin for. */
  const loaded = new Set<string>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const i = /^\/form\/(\d+)$/.exec(req.url ?? '')?.[1];
      const body = i === undefined ? forms.map((f) => `<iframe src="/form/${f.i}" width="60" height="60"></iframe>`).join('') : forms[Number(i)]?.page;
      res.writeHead(body === undefined ? 404 : 200, { 'Content-Type': 'text/html' }).end(`<!doctype html><html><body>${body ?? ''}</body></html>`);
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    browser = await launchBrowser();
    // A 2x screen, so srcset picks its second candidate.
    const context = await browser.browser.newContext({ deviceScaleFactor: 2, viewport: { width: 1200, height: 900 } });
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`) || url.startsWith('data:') || url.startsWith('about:')) return route.continue();
      const form = /\/f(\d+)\//.exec(url)?.[1];
      if (form !== undefined) loaded.add(forms[Number(form)]!.name);
      return route.abort();
    });
    const page = await context.newPage();
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' });
    // A refresh fires after its frame has loaded: give stragglers a few seconds, stopping as soon as all are seen.
    for (let t = 0; t < 50 && !Object.keys(LOADS).every((name) => loaded.has(name)); t++) await page.waitForTimeout(100);
    await context.close();
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  test('every way Chromium loads from another origin is an error', () => {
    expect(Object.keys(LOADS).filter((name) => !loaded.has(name))).toEqual([]);
    expect(forms.filter((f) => loaded.has(f.name) && !f.flagged).map((f) => f.name)).toEqual([]);
  });

  test('what only looks remote loads nothing and is not an error', () => {
    const fine = forms.filter((f) => f.name in FINE);
    expect(fine.filter((f) => loaded.has(f.name) || f.flagged).map((f) => f.name)).toEqual([]);
  });
});
