/** The standalone widgets bundle's stylesheet (src/cli/widgetsBundle.ts puts it in at build time). */
declare module 'gildeck:widgets-css' {
  const css: string;
  export default css;
}
