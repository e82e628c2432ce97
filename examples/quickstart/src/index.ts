export { quickstartConfig, workspaceRoot } from './config.js';
export { startQuickstart } from './start.js';
export type { Quickstart, QuickstartOptions } from './start.js';
