import { addDays, type DemoSeedContext, type Principal } from '@kehu/core';
import type { Deps } from './context.js';
import { fileComplaint, type IntakeInput } from './intake.js';
import { steps, transition } from './workflow.js';

/** The plugin's parts for its own demo seeding, carried on the service object (not part of its contract). */
export const DEMO_DEPS = Symbol('complaints.demoDeps');

const SUBJECTS = [
  ['product_quality', '产品漏油 / Leaking drum', 'LOT-2026-11-A'],
  ['late_delivery', '交货延迟三天 / Delivered three days late', null],
  ['transport', '运输途中包装破损 / Cartons damaged in transit', null],
  ['service', '客服电话无人接听 / Nobody answered the hotline', null],
  ['installation', '安装后设备异响 / Noise after installation', null],
  ['payment_dispute', '发票金额有误 / Wrong invoice amount', null],
] as const;

/**
 * Demo complaints in every state, and enough complaints about one batch from several customers to
 * open a systemic issue.
 */
export async function seedComplaintsDemo(ctx: DemoSeedContext): Promise<void> {
  const service = ctx.kernel.service('complaints') as unknown as { [DEMO_DEPS]?: Deps } | undefined;
  const deps = service?.[DEMO_DEPS];
  if (!deps) return;
  // Customer service takes the calls, so they accept and follow the demo complaints through.
  const user = ctx.users.customer_service?.[0] ?? ctx.users.account_manager?.[0] ?? ctx.users.admin?.[0];
  if (!user) return;
  const principal: Principal = {
    id: user.id,
    name: user.name,
    roles: ['admin'],
    can: () => true,
    hasRole: () => true,
  };
  const live = ctx.customers.filter((c) => c.status !== 'terminated');
  const now = deps.clock.now().getTime();
  const today = deps.clock.today();
  let n = 0;
  const fileOne = async (customerId: string, i: number, extra: Partial<IntakeInput> = {}) => {
    const [category, subject, batch] = SUBJECTS[i % SUBJECTS.length]!;
    n++;
    return fileComplaint(deps, principal, {
      customerId,
      channel: (['phone', 'email', 'visit', 'web_form', 'instant_message', 'letter'] as const)[i % 6]!,
      receivedAt: new Date(now - (1 + Math.floor(ctx.random() * 72)) * 3_600_000).toISOString(),
      category,
      subject,
      description: `${subject} — ${addDays(today, -(i % 10))}`,
      severity: (['normal', 'high', 'low', 'normal', 'critical'] as const)[i % 5]!,
      emotion: i % 7 === 3 ? 'extreme' : i % 3 === 0 ? 'upset' : 'calm',
      rmlsp: { steps: ['regret', 'listen', 'sympathise'] },
      ...(batch ? { batchRef: batch } : {}),
      ...extra,
    });
  };
  const go = async (id: string, name: Parameters<typeof transition>[3], body: any) => {
    const build = {
      accept: () => steps.accept(deps, principal, body),
      investigate: () => steps.investigate(body),
      establishResponsibility: () => steps.establishResponsibility(body),
      handle: () => steps.handle(deps, principal, body),
      reply: () => steps.reply(deps, principal, body),
      returnVisit: () => steps.returnVisit(deps, principal, body),
      pause: () => steps.pause(body),
      resume: () => steps.resume(body),
      withdraw: () => steps.withdraw(deps, body),
      markDuplicate: () => steps.markDuplicate(deps, principal, body),
    }[name]();
    await transition(deps, principal, id, name, body, build);
  };
  const path = [
    ['accept', { severity: 'normal', nature: 'general' }],
    [
      'investigate',
      { cause: '供应商批次质量问题 / Supplier batch defect', evidence: ['现场照片 / Site photos'] },
    ],
    [
      'establishResponsibility',
      { party: 'supplier', responsibleName: '宁波密封件厂', rootCause: '垫圈老化 / Aged gaskets' },
    ],
    ['handle', { remedies: [{ kind: 'replacement', description: '更换新品 / Replaced' }] }],
    ['reply', { text: '已更换并致歉 / Replaced with apologies', channel: 'phone' }],
  ] as const;
  const targets = live.slice(0, 14);
  for (const [i, customer] of targets.entries()) {
    const c = await fileOne(customer.id, i);
    const stage = i % 10;
    if (stage === 1) {
      await go(c.id, 'pause', { waitingFor: 'customer', reason: '等待客户提供照片 / Waiting for photos' });
      continue;
    }
    if (stage === 2) {
      await go(c.id, 'withdraw', { reason: '客户撤诉 / Withdrawn by the customer' });
      continue;
    }
    const depth = [0, 0, 0, 1, 2, 3, 4, 5, 5, 5][stage]!;
    for (const [name, body] of path.slice(0, depth)) await go(c.id, name, body).catch(() => undefined);
    if (stage === 8)
      await go(c.id, 'returnVisit', { satisfied: true, note: '客户满意 / Satisfied' }).catch(() => undefined);
    if (stage === 9)
      await go(c.id, 'returnVisit', { satisfied: false, note: '仍不满意 / Not satisfied' }).catch(
        () => undefined,
      );
  }
  // The same batch from three more customers: a systemic issue (5 complaints, ≥ 3 customers).
  for (const [i, customer] of live.slice(14, 18).entries())
    await fileOne(customer.id, 0, { batchRef: 'LOT-2026-11-A' }).catch(() => i);
  const first = targets[0];
  if (first) {
    const a = await fileOne(first.id, 1);
    const b = await fileOne(first.id, 1);
    await go(b.id, 'markDuplicate', { of: a.id, reason: '重复来电 / The same call twice' });
    // Damaged in transit: investigated, then waiting for the carrier's survey (a third party).
    const carrier = await fileOne(first.id, 2, { severity: 'normal', emotion: 'calm' });
    for (const [name, body] of path.slice(0, 2)) await go(carrier.id, name, body);
    await go(carrier.id, 'pause', {
      waitingFor: 'third_party',
      reason: '等待承运商出具货损鉴定 / Waiting for the carrier’s damage survey',
    });
  }
  ctx.progress(`${n} complaints`);
}
