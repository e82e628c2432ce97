export { receivablesPlugin } from './plugin.js';
export { receivablesConfigSchema } from './config.js';
export type { ReceivablesConfig } from './config.js';
export { rebuildDerived } from './balances.js';
export { bucketDefs, bucketIndex } from './ageing.js';
export type { AgeingSummary, BucketDef } from './ageing.js';
export type * from './contract.js';
