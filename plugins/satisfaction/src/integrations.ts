// Types only: both plugins are optional, reached through their services when they are enabled.
import type { ComplaintsService } from '@kehu/plugin-complaints';
import type { KeyAccountsService } from '@kehu/plugin-key-accounts';

/** The complaints and key-accounts services, each undefined while that plugin is disabled. */
export interface Ports {
  complaints(): ComplaintsService | undefined;
  keyAccounts(): KeyAccountsService | undefined;
}
