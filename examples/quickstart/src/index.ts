export { quickstartConfig, workspaceRoot } from './config.js';
export type { Quickstart, QuickstartOptions } from './start.js';
export { startQuickstart } from './start.js';
