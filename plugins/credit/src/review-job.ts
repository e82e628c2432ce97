import type { PluginContext } from '@kehu/core';
import type { CreditConfig } from './config.js';
import type { CreditTrx } from './tables.js';

/**
 * Daily: announces each customer whose credit review is due with `credit.reviewDue` — once per
 * review date, so a review left undone is not re-announced every day, but a new date is.
 */
export function defineReviewJob(ctx: PluginContext<CreditConfig>): void {
  ctx.scheduler.define({
    name: 'review-due',
    period: 'day',
    run: async ({ today }) => {
      return ctx.transaction(async (kernelTrx) => {
        const trx: CreditTrx = kernelTrx;
        const rows = await trx
          .selectFrom('credit_profile')
          .select(['customer_id', 'grade', 'next_review_date'])
          .where('next_review_date', '<=', today)
          // A null date never compares `<=`, so every row found has one.
          .$narrowType<{ next_review_date: string }>()
          .where((eb) =>
            eb.or([
              eb('review_notified_for', 'is', null),
              eb('review_notified_for', '!=', eb.ref('next_review_date')),
            ]),
          )
          .orderBy('customer_id')
          .execute();
        for (const r of rows) {
          await ctx.hooks.emit(trx, 'credit.reviewDue', {
            customerId: r.customer_id,
            grade: r.grade,
            nextReviewDate: r.next_review_date,
          });
          await trx
            .updateTable('credit_profile')
            .set({ review_notified_for: r.next_review_date })
            .where('customer_id', '=', r.customer_id)
            .execute();
        }
        return { announced: rows.map((r) => r.customer_id) };
      });
    },
  });
}
