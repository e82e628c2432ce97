export type { KeyAccountsConfig } from './config.js';
export { keyAccountsConfigSchema } from './config.js';
export type * from './contract.js';
export { keyAccountsPlugin } from './plugin.js';
