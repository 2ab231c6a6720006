import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, expect, test } from 'vitest';
import { sizes } from '../../src/bench/loadBench.js';

const gz = (text: string) => gzipSync(text, { level: 9 }).byteLength;
const dir = mkdtempSync(join(tmpdir(), 'gildeck-load-sizes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

test('start bytes count what the page carries inline and the runtime it starts by itself; chunks count as later', async () => {
  const runtime = 'var runtime = "the runtime the first-paint script starts";'.repeat(20);
  const chunk = 'var chunk = "loaded on demand";'.repeat(20);
  const style = '.reveal { color: red }'.repeat(10);
  const firstPaint = 'document.getElementById("gildeck-runtime");'.repeat(5);
  writeFileSync(join(dir, 'gildeck.AAAAAAAA.js'), runtime);
  writeFileSync(join(dir, 'gildeck.chunk.BBBBBBBB.js'), chunk);
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html><head><link rel="icon" href="data:,"><style>${style}</style>
<script type="application/json" id="gildeck-config">{"a":1}</script>
<script type="application/json" id="gildeck-chunks">{"notes":{"js":["gildeck.chunk.BBBBBBBB.js"],"css":[],"entry":"gildeck.chunk.BBBBBBBB.js"}}</script>
</head><body><div class="reveal"></div>
<script data-gildeck-runtime="gildeck.AAAAAAAA.js">${firstPaint}</script>
</body></html>`,
  );
  expect(await sizes(dir)).toEqual({ start: gz(runtime) + gz(style) + gz(firstPaint), later: gz(chunk) });
});
