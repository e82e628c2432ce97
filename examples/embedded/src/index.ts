export type { HostApp, HostEnv, Staff } from './host-app.js';
export { createHostApp } from './host-app.js';
