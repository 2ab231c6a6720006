import { chromium } from 'playwright-core';
const [url, out, action] = process.argv.slice(2);
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox','--disable-gpu','--disable-quic','--no-first-run','--disable-background-networking','--disable-component-update','--disable-sync'] });
const p = await b.newPage({ viewport: { width: 1280, height: 720 } });
const logs = [];
p.on('console', m => logs.push(m.type() + ': ' + m.text()));
p.on('pageerror', e => logs.push('pageerror: ' + e.message));
await p.goto(url); await p.waitForTimeout(600);
if (action === 'run') { await p.keyboard.press('r'); await p.waitForTimeout(+process.argv[5] || 1200); }
await p.screenshot({ path: out });
console.log(logs.join('\n'));
await b.close();
