export type { SatisfactionConfig } from './config.js';
export { satisfactionConfigSchema } from './config.js';
export type * from './contract.js';
export { satisfactionPlugin } from './plugin.js';
export { rebuildScoreCells } from './score-cells.js';
