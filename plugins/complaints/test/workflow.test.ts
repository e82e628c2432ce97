import { definePlugin } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { file, post, toHandling, type World, world } from './support.js';

const heard: { name: string; payload: any }[] = [];
const listener = definePlugin({
  name: 'complaint-listener',
  version: '0.0.1',
  setup(ctx) {
    for (const name of [
      'complaints.received',
      'complaints.accepted',
      'complaints.replied',
      'complaints.reopened',
      'complaints.closed',
      'complaints.natureChanged',
    ] as const)
      ctx.hooks.on(name, `hear-${name}`, (payload) => {
        heard.push({ name, payload });
      });
  },
});

async function events(w: World, name: string) {
  while ((await w.t.drain()) > 0);
  return heard.filter((e) => e.name === name).map((e) => e.payload);
}

const activities = async (w: World, token: string) =>
  (await json(await w.t.request('/api/v1/activities', { token }))).items as any[];

describe.each(testDatabases())('the complaint process on $name', (db) => {
  it('runs from receipt to the reply, a return visit on the 3rd working day, and closes when satisfied', async () => {
    heard.length = 0;
    const w = await world(db, { plugins: [complaintsPlugin, listener] });
    try {
      // Friday afternoon: the 3rd working day after is Wednesday.
      w.t.clock.set('2026-12-04T07:00:00.000Z');
      const c = await file(w, w.agent.token);
      expect(c.allowedTransitions).toEqual(['accept', 'pause', 'withdraw', 'markDuplicate']);
      const early = await w.t.request(`/api/v1/complaints/${c.id}/reply`, {
        body: { text: 'Sorry', channel: 'phone' },
        token: w.agent.token,
      });
      expect(early.status).toBe(409);
      expect(await json(early)).toMatchObject({
        code: 'illegal_transition',
        state: 'received',
        allowed: ['accept', 'pause', 'withdraw', 'markDuplicate'],
      });
      const missing = await w.t.request(`/api/v1/complaints/${c.id}/accept`, {
        body: { severity: 'normal' },
        token: w.agent.token,
      });
      expect(missing.status).toBe(400);
      const handling = await toHandling(w, c.id, w.agent.token);
      expect(handling).toMatchObject({
        state: 'handling',
        nature: 'general',
        investigation: { cause: 'A worn gasket', evidence: ['Photo of the heater'] },
        responsibility: { party: 'supplier', responsibleName: '宁波热水器厂' },
      });
      expect(handling.remedies).toEqual([expect.objectContaining({ kind: 'explanation', status: 'done' })]);
      const replied = await post(
        w,
        `/${c.id}/reply`,
        { text: '已更换热水器并致歉', channel: 'phone' },
        w.agent.token,
      );
      expect(replied).toMatchObject({
        state: 'replied',
        returnVisitDueOn: '2026-12-09',
        reply: { channel: 'phone' },
      });
      expect(replied.sla.response.metAt).not.toBeNull();
      const visit = (await activities(w, w.agent.token)).find((a) => a.type === 'complaint_return_visit');
      expect(visit).toMatchObject({ dueDate: '2026-12-09', link: { type: 'complaint', id: c.id } });
      const closed = await post(
        w,
        `/${c.id}/return-visit`,
        { satisfied: true, note: '客户满意' },
        w.agent.token,
      );
      expect(closed).toMatchObject({ state: 'closed', satisfied: true, allowedTransitions: ['returnVisit'] });
      expect((await activities(w, w.agent.token)).some((a) => a.type === 'complaint_return_visit')).toBe(
        false,
      );
      expect(closed.history.map((h: { kind: string }) => h.kind)).toEqual([
        'received',
        'accept',
        'investigate',
        'establishResponsibility',
        'remedy',
        'handle',
        'reply',
        'returnVisit',
      ]);
      expect((await events(w, 'complaints.received')).map((e) => e.complaintId)).toEqual([c.id]);
      expect(await events(w, 'complaints.natureChanged')).toEqual([
        expect.objectContaining({ from: null, to: 'general', complaintId: c.id }),
      ]);
      expect(await events(w, 'complaints.replied')).toEqual([
        expect.objectContaining({ returnVisitDueOn: '2026-12-09' }),
      ]);
      expect(await events(w, 'complaints.closed')).toEqual([
        expect.objectContaining({ satisfied: true, handlerId: w.agent.id }),
      ]);
      // Timeline items on the customer.
      const timeline = await json(await w.t.request(`/api/v1/customers/${w.customerId}/timeline`));
      expect(timeline.items.map((i: { type: string }) => i.type)).toContain('complaints.reply');
      // The facet.
      const customer = await json(await w.t.request(`/api/v1/customers/${w.customerId}?include=complaints`));
      expect(customer.facets.complaints).toMatchObject({
        open: 0,
        lastReceivedOn: '2026-12-04',
        lastNature: 'general',
      });
    } finally {
      await w.t.close();
    }
  });

  it('reopens to accepted when the customer is not satisfied, keeping the history and counting the reopen', async () => {
    heard.length = 0;
    const w = await world(db, { plugins: [complaintsPlugin, listener] });
    try {
      const c = await file(w, w.agent.token);
      await toHandling(w, c.id, w.agent.token);
      await post(
        w,
        `/${c.id}/reply`,
        { text: '已处理', channel: 'email', customerAccepted: true },
        w.agent.token,
      );
      const reopened = await post(
        w,
        `/${c.id}/return-visit`,
        { satisfied: false, note: '仍然漏水' },
        w.agent.token,
      );
      expect(reopened).toMatchObject({ state: 'accepted', reopenCount: 1, satisfied: false });
      expect(reopened.sla.resolution.metAt).toBeNull();
      expect(reopened.history.filter((h: { kind: string }) => h.kind === 'reply')).toHaveLength(1);
      expect(await events(w, 'complaints.reopened')).toEqual([expect.objectContaining({ reopenCount: 1 })]);
      // And round again: a second reply, a second return visit.
      await post(
        w,
        `/${c.id}/investigation`,
        { cause: 'The replacement also leaks', evidence: ['Visit'] },
        w.agent.token,
      );
      await post(
        w,
        `/${c.id}/responsibility`,
        { party: 'supplier', responsibleName: '宁波热水器厂', rootCause: 'Whole batch' },
        w.agent.token,
      );
      await post(
        w,
        `/${c.id}/handling`,
        { remedies: [{ kind: 'replacement', description: 'Another brand' }] },
        w.agent.token,
      );
      await post(w, `/${c.id}/reply`, { text: '换了品牌', channel: 'visit' }, w.agent.token);
      const service = w.t.kernel.service('complaints')!;
      expect(await service.openCount(w.customerId)).toBe(1);
      expect(
        await service.recordReturnVisit(c.id, { satisfied: true, source: 'survey', reference: 'inv-1' }),
      ).toEqual({
        outcome: 'closed',
      });
      expect(
        await service.recordReturnVisit(c.id, { satisfied: true, source: 'survey', reference: 'inv-2' }),
      ).toEqual({
        outcome: 'ignored',
      });
      expect(await service.openCount(w.customerId)).toBe(0);
      const stats = await service.statsFor({ from: '2026-12-01', to: '2026-12-31' });
      expect(stats).toMatchObject({ complaints: 1, customers: 1 });
      expect(stats.avgResponseMinutes).toBe(0);
    } finally {
      await w.t.close();
    }
  });

  it('reopens a closed complaint on a later dissatisfied answer and judges its resolution again', async () => {
    heard.length = 0;
    const w = await world(db, { plugins: [complaintsPlugin, listener] });
    try {
      const c = await file(w, w.agent.token);
      await toHandling(w, c.id, w.agent.token);
      await post(w, `/${c.id}/reply`, { text: '已更换', channel: 'phone' }, w.agent.token);
      const closed = await post(w, `/${c.id}/return-visit`, { satisfied: true }, w.agent.token);
      expect(closed).toMatchObject({ state: 'closed', satisfied: true });
      expect(closed.sla.resolution.status).toBe('met');
      expect(closed.allowedTransitions).toEqual(['returnVisit']);
      // Satisfied again changes nothing: a 409 on the route, ignored through the service.
      const again = await w.t.request(`/api/v1/complaints/${c.id}/return-visit`, {
        body: { satisfied: true },
        token: w.agent.token,
      });
      expect(again.status).toBe(409);
      expect((await json(again)).code).toBe('already_closed');
      const service = w.t.kernel.service('complaints')!;
      expect(
        await service.recordReturnVisit(c.id, { satisfied: true, source: 'satisfaction', reference: 'r-1' }),
      ).toEqual({ outcome: 'ignored' });

      // Next Friday the survey after closing comes back dissatisfied: past the 3 working days' target.
      w.t.clock.set('2026-12-11T02:00:00.000Z');
      expect(
        await service.recordReturnVisit(c.id, {
          satisfied: false,
          source: 'satisfaction',
          reference: 'r-2',
          note: 'Still leaking',
        }),
      ).toEqual({ outcome: 'reopened' });
      const reopened = await json(await w.t.request(`/api/v1/complaints/${c.id}`, { token: w.agent.token }));
      expect(reopened).toMatchObject({ state: 'accepted', closedAt: null, reopenCount: 1, satisfied: false });
      expect(reopened.sla.resolution).toMatchObject({ metAt: null, breached: true, status: 'breached' });
      expect(reopened.history.filter((h: { kind: string }) => h.kind === 'returnVisit')).toEqual([
        expect.objectContaining({ from: 'replied', to: 'closed' }),
        expect.objectContaining({ from: 'closed', to: 'accepted', note: expect.stringContaining('r-2') }),
      ]);
      expect(await service.openCount(w.customerId)).toBe(1);
      expect(await events(w, 'complaints.reopened')).toEqual([
        expect.objectContaining({ complaintId: c.id, reopenCount: 1 }),
      ]);
      const inbox = await json(await w.t.request('/api/v1/notifications', { token: w.agent.token }));
      expect(inbox.items.map((n: { kind: string }) => n.kind)).toContain('complaints.reopened');
      // It is in the open queue again.
      const queue = await json(await w.t.request('/api/v1/complaints', { token: w.agent.token }));
      expect(queue.items.map((i: { id: string }) => i.id)).toEqual([c.id]);
    } finally {
      await w.t.close();
    }
  });

  it('false and malicious complaints get no compensation; changing the nature needs a reason and is audited', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      const noGuidance = await w.t.request(`/api/v1/complaints/${c.id}/accept`, {
        body: { severity: 'low', nature: 'false' },
        token: w.agent.token,
      });
      expect((await json(noGuidance)).code).toBe('field_required');
      await post(
        w,
        `/${c.id}/accept`,
        { severity: 'low', nature: 'false', guidance: '指导客户正确使用热水器' },
        w.agent.token,
      );
      await post(w, `/${c.id}/investigation`, { cause: 'Misuse', evidence: ['Manual p.3'] }, w.agent.token);
      await post(w, `/${c.id}/responsibility`, { party: 'customer', rootCause: 'Misuse' }, w.agent.token);
      const refused = await w.t.request(`/api/v1/complaints/${c.id}/handling`, {
        body: { remedies: [{ kind: 'compensation', description: '补偿', amount: 10_000, currency: 'CNY' }] },
        token: w.agent.token,
      });
      expect(refused.status).toBe(422);
      expect(await json(refused)).toMatchObject({ code: 'compensation_not_allowed', nature: 'false' });
      const noReason = await w.t.request(`/api/v1/complaints/${c.id}/nature`, {
        body: { nature: 'malicious' },
        token: w.agent.token,
      });
      expect(noReason.status).toBe(400);
      const malicious = await post(
        w,
        `/${c.id}/nature`,
        { nature: 'malicious', reason: '竞争对手冒充', rebuttal: '监控录像证明', legalAction: '已报律师' },
        w.agent.token,
      );
      expect(malicious).toMatchObject({
        nature: 'malicious',
        natureNote: '监控录像证明',
        legalAction: '已报律师',
      });
      const refusedAgain = await w.t.request(`/api/v1/complaints/${c.id}/handling`, {
        body: { remedies: [{ kind: 'refund', description: '退款', amount: 100, currency: 'CNY' }] },
        token: w.agent.token,
      });
      expect((await json(refusedAgain)).code).toBe('compensation_not_allowed');
      const audit = await json(await w.t.request(`/api/v1/audit?entityType=complaint&entityId=${c.id}`));
      expect((audit.items ?? audit).find((a: { action: string }) => a.action === 'nature')).toMatchObject({
        reason: '竞争对手冒充',
        changes: { nature: { from: 'false', to: 'malicious' } },
      });
    } finally {
      await w.t.close();
    }
  });

  it('withdraws, and merges a duplicate into another complaint of the same customer', async () => {
    const w = await world(db);
    try {
      const a = await file(w, w.agent.token);
      const b = await file(w, w.agent.token);
      const other = await file(w, w.agent.token, {}, w.otherCustomerId);
      const wrong = await w.t.request(`/api/v1/complaints/${b.id}/duplicate`, {
        body: { of: other.id },
        token: w.agent.token,
      });
      expect((await json(wrong)).code).toBe('invalid_duplicate');
      const dup = await post(w, `/${b.id}/duplicate`, { of: a.id, reason: 'Same call twice' }, w.agent.token);
      expect(dup).toMatchObject({ state: 'duplicate', duplicateOf: a.id });
      const gone = await post(w, `/${a.id}/withdraw`, { reason: '客户撤诉' }, w.agent.token);
      expect(gone.state).toBe('withdrawn');
      const again = await w.t.request(`/api/v1/complaints/${a.id}/withdraw`, {
        body: { reason: 'x' },
        token: w.agent.token,
      });
      expect(await json(again)).toMatchObject({ code: 'illegal_transition', allowed: [] });
      expect(await w.t.kernel.service('complaints')!.openCount(w.customerId)).toBe(0);
    } finally {
      await w.t.close();
    }
  });

  it('lets only the handler or a service manager reply to the customer and log a contact (谁受理、谁回复)', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      await toHandling(w, c.id, w.agent.token);
      // The account manager sees the complaint (their customer) and may handle complaints, but is
      // not its handler.
      expect((await w.t.request(`/api/v1/complaints/${c.id}`, { token: w.owner.token })).status).toBe(200);
      const tries = [
        ['reply', { text: '我们会更换热水器', channel: 'phone', customerAccepted: true }],
        ['contacts', { channel: 'phone', note: '已致电客户' }],
      ] as const;
      for (const [path, body] of tries) {
        const res = await w.t.request(`/api/v1/complaints/${c.id}/${path}`, { body, token: w.owner.token });
        expect(res.status, path).toBe(403);
        expect(await json(res)).toMatchObject({ code: 'not_handler', handlerId: w.agent.id });
      }
      // Nothing was recorded: still handling, no response, no contact in the history.
      const after = await json(await w.t.request(`/api/v1/complaints/${c.id}`, { token: w.agent.token }));
      expect(after).toMatchObject({ state: 'handling', sla: { response: { metAt: null } } });
      expect(after.history.map((h: { kind: string }) => h.kind)).not.toContain('contact');
      // The handler does both; a service manager's contact is recorded but does not answer for them.
      const visited = await post(
        w,
        `/${c.id}/contacts`,
        { channel: 'visit', note: '上门查看' },
        w.manager.token,
      );
      expect(visited.sla.response.metAt).toBeNull();
      w.t.clock.advance(30 * 60_000);
      const logged = await post(
        w,
        `/${c.id}/contacts`,
        { channel: 'phone', note: '已致电客户' },
        w.agent.token,
      );
      expect(logged.sla.response.metAt).toBe(w.t.clock.now().toISOString());
      const replied = await post(w, `/${c.id}/reply`, tries[0][1], w.agent.token);
      expect(replied.state).toBe('replied');
    } finally {
      await w.t.close();
    }
  });

  it('compensation over the threshold needs a second user and then becomes a credit note in receivables', async () => {
    const w = await world(db, { plugins: [receivablesPlugin, complaintsPlugin] });
    try {
      const invoice = await json(
        await w.t.request('/api/v1/receivables/invoices', {
          body: {
            customerId: w.customerId,
            lines: [{ description: '热水器', quantity: 10, unitPrice: 200_000 }],
          },
        }),
      );
      expect(invoice.id).toBeDefined();
      const c = await file(w, w.agent.token, { invoiceId: invoice.id });
      const small = await toHandling(w, c.id, w.agent.token, [
        { kind: 'compensation', description: '小额补偿', amount: 20_000, currency: 'CNY' },
        { kind: 'compensation', description: '赔偿损失', amount: 150_000, currency: 'CNY' },
      ]);
      const [below, above] = small.remedies;
      expect(below).toMatchObject({ status: 'approved', creditNoteId: expect.any(String) });
      expect(above).toMatchObject({ status: 'pending_approval', creditNoteId: null });
      // The reply waits for the decision.
      const early = await w.t.request(`/api/v1/complaints/${c.id}/reply`, {
        body: { text: 'x', channel: 'phone' },
        token: w.agent.token,
      });
      expect((await json(early)).code).toBe('remedy_pending');
      // The requester's manager role does not let them approve their own request.
      const managerCase = await file(w, w.manager.token, { invoiceId: invoice.id });
      const own = await toHandling(w, managerCase.id, w.manager.token, [
        { kind: 'refund', description: '退款', amount: 60_000, currency: 'CNY' },
      ]);
      const ownRes = await w.t.request(`/api/v1/complaints/remedies/${own.remedies[0].id}/approve`, {
        body: {},
        token: w.manager.token,
      });
      expect(ownRes.status).toBe(403);
      expect((await json(ownRes)).code).toBe('own_request');
      // Customer-service staff cannot approve at all.
      const staffRes = await w.t.request(`/api/v1/complaints/remedies/${above.id}/approve`, {
        body: {},
        token: w.agent2.token,
      });
      expect(staffRes.status).toBe(403);
      const approval = (await activities(w, w.manager.token)).find((a) => a.type === 'approval');
      expect(approval).toBeDefined();
      // The approvers' list: what waits for a decision, marked when it is the caller's own request.
      const pending = await json(
        await w.t.request('/api/v1/complaints/remedies', { token: w.manager.token }),
      );
      expect(pending.items.map((r: any) => [r.id, r.complaint.number, r.ownRequest])).toEqual([
        [above.id, c.number, false],
        [own.remedies[0].id, managerCase.number, true],
      ]);
      expect((await w.t.request('/api/v1/complaints/remedies', { token: w.agent.token })).status).toBe(403);
      // Who a complaint may be handed over to: the users who may handle complaints.
      const handlers = await json(await w.t.request('/api/v1/complaints/handlers', { token: w.agent.token }));
      expect(handlers.items).toContainEqual({ id: w.agent2.id, name: '客服小李' });
      const approved = await post(w, `/remedies/${above.id}/approve`, { note: '同意' }, w.manager.token);
      expect(approved).toMatchObject({
        status: 'approved',
        decidedBy: w.manager.id,
        creditNoteId: expect.any(String),
      });
      const twice = await w.t.request(`/api/v1/complaints/remedies/${above.id}/approve`, {
        body: {},
        token: w.manager2.token,
      });
      expect(twice.status).toBe(409);
      expect(await json(twice)).toMatchObject({
        code: 'remedy_decided',
        detail: expect.stringContaining('approved'),
      });
      // The credit note is issued in the approval's transaction: refused by receivables, the
      // compensation stays pending and its approval activity open.
      const big = await file(w, w.agent.token, { invoiceId: invoice.id });
      const [tooBig] = (
        await toHandling(w, big.id, w.agent.token, [
          { kind: 'compensation', description: '全额赔偿', amount: 3_000_000, currency: 'CNY' },
        ])
      ).remedies;
      const refused = await w.t.request(`/api/v1/complaints/remedies/${tooBig.id}/approve`, {
        body: {},
        token: w.manager.token,
      });
      expect((await json(refused)).code).toBe('exceeds_outstanding');
      const remedyOf = async (id: string) =>
        (
          await json(await w.t.request(`/api/v1/complaints/${big.id}`, { token: w.agent.token }))
        ).remedies.find((r: any) => r.id === id);
      expect(await remedyOf(tooBig.id)).toMatchObject({ status: 'pending_approval', decidedBy: null });
      const open = async () =>
        (await activities(w, w.manager.token)).filter(
          (a) => a.type === 'approval' && a.link?.id === tooBig.id && a.status === 'open',
        );
      expect(await open()).toHaveLength(1);
      // A rejection gives its reason.
      const bare = await w.t.request(`/api/v1/complaints/remedies/${tooBig.id}/reject`, {
        body: { note: '  ' },
        token: w.manager.token,
      });
      expect(bare.status).toBe(422);
      expect(await json(bare)).toMatchObject({ code: 'reason_required', errors: [{ path: 'body.note' }] });
      const rejected = await post(
        w,
        `/remedies/${tooBig.id}/reject`,
        { note: '超出合同责任' },
        w.manager.token,
      );
      expect(rejected).toMatchObject({
        status: 'rejected',
        decidedBy: w.manager.id,
        decisionNote: '超出合同责任',
        creditNoteId: null,
      });
      expect(await open()).toHaveLength(0);
      const rejectedTwice = await w.t.request(`/api/v1/complaints/remedies/${tooBig.id}/approve`, {
        body: {},
        token: w.manager2.token,
      });
      expect(rejectedTwice.status).toBe(409);
      expect(await json(rejectedTwice)).toMatchObject({
        code: 'remedy_decided',
        detail: expect.stringContaining('rejected'),
      });
      // Nothing waits any more, so the handler replies.
      await post(w, `/${big.id}/reply`, { text: '已说明', channel: 'phone' }, w.agent.token);
      const audit = await json(
        await w.t.request(`/api/v1/audit?entityType=complaint_remedy&entityId=${tooBig.id}`),
      );
      expect((audit.items ?? audit).map((e: any) => [e.action, e.reason ?? null])).toEqual(
        expect.arrayContaining([
          ['create', null],
          ['reject', '超出合同责任'],
        ]),
      );
      const notes = await json(await w.t.request(`/api/v1/receivables/credit-notes?invoiceId=${invoice.id}`));
      const items = notes.items ?? notes;
      expect(items.map((n: { amount: number }) => n.amount).sort()).toEqual([150_000, 20_000]);
      expect(items[0]).toMatchObject({ kind: 'compensation', reason: expect.stringContaining(c.number) });
      const inv = await json(await w.t.request(`/api/v1/receivables/invoices/${invoice.id}`));
      expect(inv.outstanding).toBe(2_000_000 - 170_000);
    } finally {
      await w.t.close();
    }
  });

  it('works without receivables: compensation is approved and recorded only', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      const h = await toHandling(w, c.id, w.agent.token, [
        { kind: 'compensation', description: '赔偿', amount: 80_000, currency: 'CNY' },
      ]);
      const approved = await post(w, `/remedies/${h.remedies[0].id}/approve`, {}, w.manager.token);
      expect(approved).toMatchObject({ status: 'approved', creditNoteId: null });
      const withInvoice = await w.t.request('/api/v1/complaints', {
        body: {
          customerId: w.customerId,
          channel: 'phone',
          category: 'service',
          subject: 's',
          description: 'd',
          invoiceId: 'inv',
        },
        token: w.agent.token,
      });
      expect((await json(withInvoice)).code).toBe('unknown_invoice');
    } finally {
      await w.t.close();
    }
  });
});
