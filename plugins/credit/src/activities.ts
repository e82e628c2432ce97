import type { PluginContext } from '@kehu/core';
import type { CreditConfig } from './config.js';
import type { CreditDb } from './tables.js';

const HOLD_REASON_ZH: Record<string, string> = {
  overdue: '超期欠款',
  plan_broken: '违反还款计划',
  written_off: '坏账核销',
  manual: '人工冻结',
};

/**
 * A placed hold is a follow-up activity for the customer's account manager, closed when the hold is
 * released; users may subscribe to holds ("my customers' credit holds").
 */
export function followHolds(ctx: PluginContext<CreditConfig>): void {
  ctx.activities.defineType('credit_hold', {
    labels: { en: 'Credit hold follow-up', 'zh-CN': '信用冻结跟进' },
  });
  ctx.notifications.subscribable('credit.holdPlaced', {
    labels: { en: 'Credit hold placed on a customer', 'zh-CN': '客户信用被冻结' },
    customerId: (p) => p.customerId,
    title: (p) => `信用冻结：${HOLD_REASON_ZH[p.reason] ?? p.reason}`,
  });
  ctx.hooks.on('credit.holdPlaced', 'hold-activity', async (p) => {
    const customer = await ctx.customers.get(p.customerId);
    if (!customer?.ownerId) return;
    // Delivered late, after the release: nothing left to follow up.
    const db: CreditDb = ctx.db;
    const hold = await db
      .selectFrom('credit_hold')
      .select('released_at')
      .where('id', '=', p.holdId)
      .executeTakeFirst();
    if (!hold || hold.released_at) return;
    await ctx.transaction((trx) =>
      ctx.activities.create(trx, {
        type: 'credit_hold',
        subject: `跟进信用冻结：${customer.name}（${HOLD_REASON_ZH[p.reason] ?? p.reason}）`,
        customerId: p.customerId,
        assigneeId: customer.ownerId!,
        link: { type: 'credit_hold', id: p.holdId },
        key: `hold:${p.holdId}`,
        closedBySource: true,
        priority: 'high',
        data: { holdId: p.holdId, reason: p.reason, sourceRef: p.sourceRef },
      }),
    );
  });
  ctx.hooks.on('credit.holdReleased', 'hold-activity-close', async (p) => {
    await ctx.transaction((trx) =>
      ctx.activities.closeFor(
        trx,
        { type: 'credit_hold', id: p.holdId },
        { by: p.releasedBy, outcome: 'released' },
      ),
    );
  });
}
