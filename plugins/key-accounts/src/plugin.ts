import { definePlugin, z } from '@kehu/core';
import { accountRows, tierOfRow } from './accounts.js';
import { keyAccountsConfigSchema } from './config.js';
import { keyAccountsMigrations } from './migrations.js';
import { definePermissions } from './permissions.js';
import { createKeyAccountsService } from './service.js';

/** 大客户管理: ABC classification, designation, account teams, stages, buying centre, visit and account plans, scorecards. */
export const keyAccountsPlugin = definePlugin({
  name: 'key-accounts',
  version: '0.1.0',
  description:
    'Key accounts (大客户管理): ABC classification from revenue, designation, account teams, buying centre, visit and account plans, scorecards',
  optional: ['receivables', 'complaints'],
  config: keyAccountsConfigSchema,
  migrations: keyAccountsMigrations,
  setup(ctx) {
    definePermissions(ctx);
    ctx.provide(createKeyAccountsService(ctx.db, ctx.clock));
    ctx.registry.facet('keyAccount', {
      schema: z.object({
        class: z.enum(['A', 'B', 'C', 'none']),
        designated: z.boolean(),
        managerId: z.string().nullable(),
      }),
      permission: 'keyAccounts.read',
      async load(ids, trx) {
        const rows = await accountRows(trx, ids);
        const today = ctx.clock.today();
        return new Map(ids.map((id) => [id, tierOfRow(rows.get(id), today)]));
      },
    });
  },
});
