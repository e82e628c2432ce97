import type { PluginContext } from '@kehu/core';

interface Account {
  balance: number;
  entries: { id: string; points: number; reason: string; createdAt: string }[];
}

/**
 * The loyalty panel on the console's customer page and the redeem action behind its form. UI code
 * depends on @kehu/core only (JSX through `"jsxImportSource": "@kehu/core"`), and reads and writes
 * through the plugin's own API with the signed-in user's rights.
 */
export function loyaltyUi(ctx: PluginContext<unknown>): void {
  ctx.ui.messages({
    en: {
      balance: 'Balance',
      points: '{points} points',
      recent: 'Recent entries',
      none: 'No points yet.',
      redeem: 'Redeem',
      pointsField: 'Points',
      reasonField: 'Reward',
      redeemed: '{points} points were redeemed.',
    },
    'zh-CN': {
      balance: '积分余额',
      points: '{points} 分',
      recent: '最近记录',
      none: '暂无积分。',
      redeem: '兑换',
      pointsField: '积分',
      reasonField: '兑换礼品',
      redeemed: '已兑换 {points} 分。',
    },
  });

  ctx.ui.customerPanel({
    name: 'points',
    title: { en: 'Loyalty points', 'zh-CN': '会员积分' },
    access: 'loyalty.read',
    order: 100,
    async render(customer, req) {
      const res = await req.api<Account>('GET', `/api/v1/loyalty/customers/${customer.id}`);
      if (!res.ok) return null;
      const { balance, entries } = res.body;
      return (
        <div>
          <p>
            {req.t('balance')}: <strong>{req.t('points', { points: req.format.number(balance) })}</strong>
          </p>
          {entries.length === 0 ? (
            <p class="muted">{req.t('none')}</p>
          ) : (
            <ul class="plain-list">
              {entries.slice(0, 5).map((e) => (
                <li>
                  <span class="small muted">{req.format.date(e.createdAt)}</span> {e.reason}{' '}
                  <strong>
                    {e.points > 0 ? `+${req.format.number(e.points)}` : req.format.number(e.points)}
                  </strong>
                </li>
              ))}
            </ul>
          )}
          {req.principal.can('loyalty.redeem') && balance > 0 ? (
            <form method="post" action={req.href(`/customers/${customer.id}/redeem`)} class="stack">
              <input type="hidden" name="_csrf" value={req.csrfToken} />
              <div class="form-grid">
                <div>
                  <label for="loyalty-points">{req.t('pointsField')}</label>
                  <input
                    id="loyalty-points"
                    type="number"
                    name="points"
                    min="1"
                    max={String(balance)}
                    required
                  />
                </div>
                <div>
                  <label for="loyalty-reason">{req.t('reasonField')}</label>
                  <input id="loyalty-reason" type="text" name="reason" required />
                </div>
              </div>
              <div>
                <button type="submit" class="secondary">
                  {req.t('redeem')}
                </button>
              </div>
            </form>
          ) : null}
        </div>
      );
    },
  });

  ctx.ui.page({
    path: '/customers/:id/redeem',
    title: { en: 'Redeem points', 'zh-CN': '兑换积分' },
    access: 'loyalty.redeem',
    async post(req) {
      const points = Number(req.form.points);
      const res = await req.api('POST', `/api/v1/loyalty/customers/${req.params.id}/redemptions`, {
        points,
        reason: String(req.form.reason ?? '').trim(),
      });
      req.flash(
        res.ok ? 'success' : 'error',
        res.ok ? req.t('redeemed', { points }) : String(res.body?.detail),
      );
      return req.c.redirect(`/customers/${encodeURIComponent(req.params.id ?? '')}`, 303);
    },
  });
}
