export type * from './contract.js';
export { complaintsPlugin } from './plugin.js';
