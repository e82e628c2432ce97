import type { Trx } from '@kehu/core';
import type { Deps } from './context.js';
import type { Ports } from './integrations.js';
import type { SubmitEffects } from './responses.js';

export const LOW_SCORE_ACTIVITY = 'satisfaction_low_score';

/** What a submission does beyond storing it: the segment snapshot, low-score alerts, the complaint's return visit. */
export function submitEffects(deps: Deps, ports: Ports): SubmitEffects {
  return {
    async segmentOf(trx, customerId) {
      const customer = await deps.customers.get(customerId, trx, { withDeleted: true });
      const tier = (await ports.keyAccounts()?.tierOf([customerId], trx))?.get(customerId)?.class ?? null;
      return {
        kind: customer?.kind ?? null,
        region: customer?.region ?? null,
        owner: customer?.ownerId ?? null,
        tier,
      };
    },
    async afterSubmit(trx, s) {
      if (s.lowScore.length > 0)
        await alertLowScore(deps, ports, trx, s.responseId, s.customerId, s.lowScore);
      const complaints = ports.complaints();
      const measured =
        s.scores.csat !== null || s.scores.nps !== null || s.scores.csi !== null || s.scores.gaps.length > 0;
      if (s.complaintId && complaints && measured)
        await complaints.recordReturnVisit(
          s.complaintId,
          {
            satisfied: s.lowScore.length === 0,
            source: 'satisfaction',
            reference: s.responseId,
            ...(s.lowScore.length > 0
              ? { note: `Survey answer below threshold: ${s.lowScore.join(', ')}` }
              : {}),
          },
          trx,
        );
    },
  };
}

/** `satisfaction.lowScore`, and one activity for the customer's owner and one for a designated key-account manager. */
async function alertLowScore(
  deps: Deps,
  ports: Ports,
  trx: Trx,
  responseId: string,
  customerId: string,
  reasons: string[],
) {
  await deps.hooks.emit(trx, 'satisfaction.lowScore', { responseId, customerId, reasons });
  const customer = await deps.customers.get(customerId, trx);
  const tier = (await ports.keyAccounts()?.tierOf([customerId], trx))?.get(customerId);
  const people = new Set<string>();
  if (customer?.ownerId) people.add(customer.ownerId);
  if (tier?.designated && tier.managerId) people.add(tier.managerId);
  for (const assigneeId of people)
    await deps.activities.create(trx, {
      type: LOW_SCORE_ACTIVITY,
      subject: `满意度低分：${customer?.name ?? customerId}（${reasons.join('，')}）`,
      customerId,
      assigneeId,
      link: { type: 'satisfaction_response', id: responseId },
      dueDate: deps.clock.today(),
      priority: 'high',
      key: `low-score:${responseId}:${assigneeId}`,
      data: { responseId, reasons },
    });
}
