import { activityMigrations } from './activities/activity-migrations.js';
import { kernelMigrations as runtimeAndArchive } from './db/kernel-migrations.js';
import type { Migration } from './db/migrations.js';

/** Every migration of the kernel's namespace, in order: runtime and customer archive, then activities. */
export const kernelMigrations: readonly Migration[] = [...runtimeAndArchive, ...activityMigrations];
