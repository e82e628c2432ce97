import { activityMigrations } from './activities/activity-migrations.js';
import { customerIndexMigration } from './db/customer-index-migration.js';
import { kernelMigrations as runtimeAndArchive } from './db/kernel-migrations.js';
import type { Migration } from './db/migrations.js';
import { searchMergeMigration } from './db/search-merge-migration.js';
import { archiveRecordsMigration } from './registry/archive-records-migration.js';
import { changeRequestMigration } from './registry/change-request-migration.js';
import { contactLanguageMigration } from './registry/contact-language-migration.js';
import { contractDocumentMigration } from './registry/contract-document-migration.js';
import { customerCodeSequenceMigration } from './registry/customer-code-sequence-migration.js';
import { customerSearchMigration } from './registry/customer-search-migration.js';
import { customerValueMigration } from './registry/customer-value-migration.js';
import { webhookMigration } from './webhooks/webhook-migrations.js';

/** Every migration of the kernel's namespace, in order: runtime and customer archive, then activities, webhooks and customer search. */
export const kernelMigrations: readonly Migration[] = [
  ...runtimeAndArchive,
  ...activityMigrations,
  webhookMigration,
  customerSearchMigration,
  changeRequestMigration,
  contractDocumentMigration,
  archiveRecordsMigration,
  customerValueMigration,
  contactLanguageMigration,
  searchMergeMigration,
  customerCodeSequenceMigration,
  customerIndexMigration,
];
