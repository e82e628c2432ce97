import { addDays, type DemoSeedContext, newId, type Principal } from '@kehu/core';
import { raiseGaps, setRoles } from './buying-centre.js';
import type { Deps } from './context.js';
import { decide, propose } from './designations.js';
import { grantEntitlement } from './entitlements.js';
import { createPlan } from './plans.js';
import { runClassification } from './runs.js';
import { changeState } from './stages.js';
import { putMember } from './team.js';
import { planVisit } from './visits.js';

/** The plugin's parts by kernel (its customer service), for the demo seeder, which gets the kernel only. */
export const seedDeps = new WeakMap<object, Deps>();

// The demo's people act with their roles' permissions; the seeder picked them by role.
const as = (id: string) => ({ id, can: () => true }) as unknown as Principal;
const yes = { met: true, note: null };

/**
 * `kehu seed --demo`: revenue when receivables is off, a classification run (three classes), three
 * designated accounts with managers and teams, stages, relationships, buying-centre roles with gaps,
 * a plan for the year and visits, one of them overdue, and entitlements (the first account's
 * senior-management visits every 90 days).
 */
export async function seedKeyAccountsDemo({ kernel, customers, users, random, progress }: DemoSeedContext) {
  const deps = seedDeps.get(kernel.customers);
  if (!deps || customers.length === 0) return;
  const today = deps.clock.today();
  await deps.transaction(async (trx) => {
    if (!deps.receivables() || deps.config.revenueSource === 'imported') {
      const rows = customers.map((c, i) => ({
        id: newId(),
        customer_id: c.id,
        revenue_on: addDays(today, -1 - Math.floor(random() * 300)),
        amount: Math.round(10_000_000 / (i + 1) + random() * 100_000),
        currency: deps.config.reportingCurrency,
        reference: `demo:${c.id}`,
        created_at: deps.clock.now().toISOString(),
      }));
      await trx.insertInto('ka_revenue').values(rows).execute();
    }
    const run = await runClassification(deps, trx, { trigger: 'job', actor: null });
    progress(`ABC classes: ${run.counts.A} A, ${run.counts.B} B, ${run.counts.C} C`);
  });
  const managers = [...(users.sales_manager ?? []), ...(users.general_manager ?? [])];
  const ams = users.account_manager ?? [];
  if (managers.length < 2 || ams.length === 0) return;
  const top = await deps.db
    .selectFrom('ka_account')
    .select('customer_id')
    .where('class', '=', 'A')
    .orderBy('customer_id')
    .limit(3)
    .execute();
  let n = 0;
  for (const { customer_id: customerId } of top) {
    const manager = ams[n % ams.length]!;
    await deps.transaction(async (trx) => {
      const p = await propose(
        deps,
        trx,
        {
          customerId,
          kind: 'designate',
          reason: 'Top revenue, strategic account',
          criteria: {
            revenueShare: yes,
            lossImpact: yes,
            stableRelationship: yes,
            maintenanceEffort: yes,
            strategicFit: yes,
          },
          managerId: manager.id,
        },
        as(managers[0]!.id),
      );
      await decide(deps, trx, p.id, 'approved', 'Demo', as(managers[1]!.id));
      const other = ams[(n + 1) % ams.length]!;
      if (other.id !== manager.id)
        await putMember(deps, trx, customerId, other.id, 'service', as(manager.id));
      await changeState(deps, trx, customerId, 'stage', n === 0 ? 'mature' : 'initial', null, as(manager.id));
      await changeState(
        deps,
        trx,
        customerId,
        'relationship',
        n === 0 ? 'partner' : 'friend',
        null,
        as(manager.id),
      );
      const contacts = await deps.customers.contacts.list(customerId, trx);
      if (contacts[0]) await setRoles(deps, trx, customerId, contacts[0].id, ['decision_maker', 'purchaser']);
      await raiseGaps(deps, trx, customerId, manager.id);
      await createPlan(
        deps,
        trx,
        {
          customerId,
          year: Number(today.slice(0, 4)),
          title: 'Joint growth plan',
          objectives: [{ title: 'Joint promotion', ownerId: manager.id }, { title: 'Executive visit' }],
          measures: [
            { name: 'Revenue', source: 'revenue', unit: deps.config.reportingCurrency, target: 50_000_000 },
          ],
        },
        as(manager.id),
      );
      await planVisit(
        deps,
        trx,
        {
          customerId,
          type: 'regular',
          dueOn: addDays(today, n === 0 ? -3 : 14),
          participants: [manager.id],
          cadenceDays: 30,
        },
        as(manager.id),
      );
      const grantor = as(managers[0]!.id);
      await grantEntitlement(
        deps,
        trx,
        { customerId, kind: 'priority_supply', note: 'Peak season' },
        grantor,
      );
      if (n === 0) {
        await grantEntitlement(deps, trx, { customerId, kind: 'green_channel' }, grantor);
        await grantEntitlement(deps, trx, { customerId, kind: 'executive_visits', cadenceDays: 90 }, grantor);
      }
    });
    n++;
  }
  progress(`${n} designated key accounts with teams, plans, visits and entitlements`);
}
