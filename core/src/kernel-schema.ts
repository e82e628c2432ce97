import { activityMigrations } from './activities/activity-migrations.js';
import { kernelMigrations as runtimeAndArchive } from './db/kernel-migrations.js';
import type { Migration } from './db/migrations.js';
import { webhookMigration } from './webhooks/webhook-migrations.js';

/** Every migration of the kernel's namespace, in order: runtime and customer archive, then activities, then webhooks. */
export const kernelMigrations: readonly Migration[] = [
  ...runtimeAndArchive,
  ...activityMigrations,
  webhookMigration,
];
