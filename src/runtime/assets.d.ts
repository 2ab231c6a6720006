/** esbuild bundles imported CSS into the deck's stylesheet. */
declare module '*.css';
