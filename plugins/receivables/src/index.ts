export type { AgeingSummary, BucketDef } from './ageing.js';
export { bucketDefs, bucketIndex } from './ageing.js';
export { rebuildDerived } from './balances.js';
export type { ReceivablesConfig } from './config.js';
export { receivablesConfigSchema } from './config.js';
export type * from './contract.js';
export { receivablesPlugin } from './plugin.js';
