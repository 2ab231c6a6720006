import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
const stub = process.argv[2];
const r = await build({ entryPoints: ['src/runtime/main.ts'], bundle: true, minify: true, format: 'iife', write: false, outdir: '/tmp/mo', legalComments: 'none', target: ['es2022'],
  plugins: [{ name: 'w', setup(b) {
    b.onResolve({ filter: /^gildeck:worker-source$/ }, () => ({ path: 'w', namespace: 'g' }));
    if (stub) b.onResolve({ filter: new RegExp(stub) }, () => ({ path: 's', namespace: 'g' }));
    b.onLoad({ filter: /.*/, namespace: 'g' }, () => ({ contents: 'export default ""; export const line=()=>{}, symbol=()=>{}, symbolCircle=0,symbolCross=0,symbolDiamond=0,symbolSquare=0,symbolStar=0,symbolTriangle=0,symbolWye=0; export const z = {}', loader: 'js' })); } }] });
let js = 0, css = 0;
for (const f of r.outputFiles) { const g = gzipSync(f.contents, { level: 9 }).length; if (f.path.endsWith('.js')) js = g; else css = g; }
console.log(stub || 'baseline', 'js gz', (js / 1024).toFixed(1), 'css gz', (css / 1024).toFixed(1));
