/**
 * How hints write gildeck's command: `node build.mjs` in its repository, `npx gildeck` where it is installed as a
 * package (build.mjs says so in GILDECK_COMMAND, which serve's build threads inherit).
 */
export const commandName = (): string => process.env.GILDECK_COMMAND || 'node build.mjs';
