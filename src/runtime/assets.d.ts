/** esbuild bundles imported CSS into the deck's stylesheet. */
declare module '*.css';

/** The engine's worker bundle as text (see src/cli/workerBundle.ts), started from a Blob URL. */
declare module 'gildeck:worker-source' {
  const source: string;
  export default source;
}
