export { HTMX_VERSION, scriptGzipBytes } from './assets.js';
export { consolePlugin } from './plugin.js';
export type { ConsoleConfigInput } from './settings.js';
