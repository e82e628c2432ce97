import { definePlugin, z } from '@kehu/core';

/**
 * A plugin with one facet, standing in for the receivables/credit facets: the GET benchmark asks for
 * every facet (`include=*`), so this adds one more batched facet query next to the kernel's `contacts`.
 */
export const benchFacets = definePlugin({
  name: 'bench-facets',
  version: '1.0.0',
  migrations: [
    {
      name: '001_score',
      async up(db) {
        await db.schema
          .createTable('bench_facets_score')
          .addColumn('customer_id', 'varchar(32)', (c) => c.primaryKey())
          .addColumn('score', 'integer', (c) => c.notNull())
          .addColumn('grade', 'varchar(4)', (c) => c.notNull())
          .execute();
      },
    },
  ],
  setup(ctx) {
    ctx.registry.facet('score', {
      schema: z.object({ score: z.number(), grade: z.string() }),
      async load(ids, trx) {
        const rows = await trx.selectFrom('bench_facets_score').selectAll().where('customer_id', 'in', ids).execute();
        return new Map(rows.map((r) => [r.customer_id, { score: Number(r.score), grade: r.grade }]));
      },
    });
  },
});
