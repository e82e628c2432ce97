export { welcome } from './cli/commands/serve.js';
export type { CliIo } from './cli/io.js';
export { runCli } from './cli/main.js';
export type {
  ConfiguredPlugin,
  HostContext,
  HostUser,
  KehuAuthConfig,
  KehuConfig,
  PluginEntry,
} from './config.js';
export { configure, configuredPlugins, defineConfig } from './config.js';
export type { Kehu } from './create-kehu.js';
export { createKehu, kernelOptions } from './create-kehu.js';
export { ensureUser, mountKehu } from './embed.js';
export { CONFIG_FILES, ConfigError, findConfigFile, loadConfigFile } from './load-config.js';
export type { DemoPerson, DemoSeedResult, SeedDemoOptions } from './seed/seed-demo.js';
export { customerCount, DemoDataRefused, seedDemo, seededRandom } from './seed/seed-demo.js';
export type { KehuServer, ServeOptions } from './serve.js';
export { listen, resolvePort, serve } from './serve.js';
export { SDK_VERSION } from './version.js';
