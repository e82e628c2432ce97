import { keysetPage, listQuery, pageOf, z } from '@kehu/core';
import { IsoDate } from '../fields.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';

/** A customer whose credit review date has come. */
const ReviewDueSchema = z.object({
  customerId: z.string(),
  name: z.string(),
  grade: z.string().nullable(),
  nextReviewDate: IsoDate,
});
z.globalRegistry.add(ReviewDueSchema, { id: 'CreditReviewDue' });
const ReviewDuePageSchema = pageOf(ReviewDueSchema);

/** The review queue: customers whose credit review date has come. */
export function reviewRoutes(rt: CreditRuntime): void {
  const { ctx, db } = rt;
  const { router, customers } = ctx;

  router.get(
    '/reviews/due',
    {
      summary: 'Visible customers whose credit review date has come',
      access: P.read,
      query: listQuery({}, { defaultLimit: 100 }),
      responses: { 200: ReviewDuePageSchema },
      tags: ['credit'],
    },
    async (c, { query, principal }) => {
      const q = db
        .selectFrom('credit_profile as p')
        .select(['p.customer_id', 'p.grade', 'p.next_review_date'])
        .where(customers.rowsOfCustomers('p.customer_id', { visibleTo: principal }))
        .where('p.next_review_date', '<=', ctx.clock.today())
        // A null date never compares `<=`, so every row found has one.
        .$narrowType<{ next_review_date: string }>();
      const { items: rows, nextCursor } = await keysetPage(q, query, {
        order: ['p.next_review_date', 'p.customer_id'],
      });
      const named = await customers.summaries(rows.map((r) => r.customer_id));
      return c.json({
        // A customer deleted between the two reads drops out, as it would have from a join.
        items: rows.flatMap((r) => {
          const customer = named.get(r.customer_id);
          if (!customer || customer.deleted) return [];
          return [
            {
              customerId: r.customer_id,
              name: customer.name,
              grade: r.grade,
              nextReviewDate: r.next_review_date,
            },
          ];
        }),
        nextCursor,
      });
    },
  );
}
