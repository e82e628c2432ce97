import type { PluginDeps } from '@kehu/core';
import type { ReceivablesService } from '@kehu/plugin-receivables';
import type { KeyAccountsConfig } from './config.js';

/** What the key-accounts services need from the kernel; built once in `setup`. */
export interface Deps extends PluginDeps<KeyAccountsConfig> {
  /** Receivables' service when that plugin is enabled. */
  receivables(): ReceivablesService | undefined;
}
