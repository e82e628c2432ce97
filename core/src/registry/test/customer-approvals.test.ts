import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, openArchive, snapshot } from './archive-fixtures.js';

const C = '/api/v1/customers';
const CR = `${C}/change-requests`;

describe.each(testDatabases())('archive approval rules on $name', (db) => {
  let a: Archive;
  beforeAll(async () => {
    a = await openArchive(db, {
      customers: { approvals: { groups: ['basic', 'owner'], delete: true, creditFields: ['custom.terms'] } },
    });
    const field = await a.t.request(`${C}/custom-fields`, {
      body: { key: 'terms', labels: { en: 'Terms', 'zh-CN': '账期' }, type: 'number' },
    });
    expect(field.status).toBe(201);
  });
  afterAll(() => a.close());

  const patch = (who: Archive['am'], id: string, body: Record<string, unknown>) =>
    a.as(who, `${C}/${id}`, { method: 'PATCH', body });

  it('an edit becomes a change request with from→to; a second user approves it and it applies', async () => {
    const c = await a.customer({ name: '青禾食品', region: '华东', ownerId: a.am.id });
    const res = await patch(a.am, c.id, { region: '华南', version: 1, reason: '搬迁' });
    expect(res.status).toBe(202);
    const { changeRequest } = await json(res);
    expect(changeRequest).toMatchObject({
      customerId: c.id,
      kind: 'update',
      groups: ['basic'],
      changes: { region: { from: '华东', to: '华南' } },
      reason: '搬迁',
      status: 'pending',
      requestedBy: a.am.id,
      baseVersion: 1,
    });
    // Nothing changed yet; the request is visible on the customer and in the managers' inbox.
    expect((await json(await a.as(a.am, `${C}/${c.id}`))).region).toBe('华东');
    const onCustomer = await json(await a.as(a.am, `${C}/${c.id}/change-requests`));
    expect(onCustomer.items.map((r: { id: string }) => r.id)).toEqual([changeRequest.id]);
    const inbox = await json(await a.as(a.sm, `${CR}?status=pending`));
    expect(inbox.items.map((r: { id: string }) => r.id)).toContain(changeRequest.id);
    const approvals = await json(await a.as(a.sm, '/api/v1/activities?type=approval'));
    expect(approvals.items.some((x: any) => x.link?.id === changeRequest.id)).toBe(true);

    const ok = await a.as(a.sm, `${CR}/${changeRequest.id}/approve`, { body: { note: '同意' } });
    expect(ok.status).toBe(200);
    expect(await json(ok)).toMatchObject({ status: 'approved', decidedBy: a.sm.id, decisionNote: '同意' });
    const after = await json(await a.as(a.am, `${C}/${c.id}`));
    expect(after).toMatchObject({ region: '华南', version: 2 });
    const again = await a.as(a.gm, `${CR}/${changeRequest.id}/approve`, { method: 'POST' });
    expect(again.status).toBe(409);
    expect((await json(again)).code).toBe('not_pending');
  });

  it('the requester cannot approve, an account manager cannot decide, a rejection leaves the record', async () => {
    const c = await a.customer({ name: '蓝天物流', phone: '021-1111' });
    const res = await patch(a.sm, c.id, { phone: '021-2222', version: 1, reason: '新号码' });
    expect(res.status).toBe(202);
    const { changeRequest } = await json(res);
    const own = await a.as(a.sm, `${CR}/${changeRequest.id}/approve`, { method: 'POST' });
    expect(own.status).toBe(403);
    expect((await json(own)).code).toBe('four_eyes');
    expect((await a.as(a.am, `${CR}/${changeRequest.id}/approve`, { method: 'POST' })).status).toBe(403);
    const before = await json(await a.as(a.gm, `${C}/${c.id}`));
    const rejected = await a.as(a.gm, `${CR}/${changeRequest.id}/reject`, { body: { note: '号码未核实' } });
    expect(rejected.status).toBe(200);
    expect(await json(rejected)).toMatchObject({ status: 'rejected', decisionNote: '号码未核实' });
    expect(await json(await a.as(a.gm, `${C}/${c.id}`))).toEqual(before);
    expect((await a.as(a.gm, `${CR}/${changeRequest.id}/reject`, { body: {} })).status).toBe(400);
  });

  it('applies with the version check: a customer changed since the request stays unapplied (409)', async () => {
    const c = await a.customer({ name: '华联商贸', custom: { terms: 30 } });
    // The credit group is not under approval here: this edit applies directly.
    const direct = await patch(a.gm, c.id, { custom: { terms: 45 }, version: 1, reason: '调整账期' });
    expect(direct.status).toBe(200);
    const res = await patch(a.gm, c.id, { address: '上海', version: 2, reason: '补地址' });
    const { changeRequest } = await json(res);
    const other = await patch(a.sm, c.id, { custom: { terms: 60 }, version: 2, reason: '再调' });
    expect(other.status).toBe(200);
    const stale = await a.as(a.sm, `${CR}/${changeRequest.id}/approve`, { method: 'POST' });
    expect(stale.status).toBe(409);
    expect((await json(stale)).code).toBe('stale_version');
    expect((await json(await a.as(a.sm, `${CR}/${changeRequest.id}`))).status).toBe('pending');
    expect((await json(await a.as(a.gm, `${C}/${c.id}`))).address).toBeNull();
  });

  it('bad input makes no request; contacts and communications stay direct', async () => {
    const c = await a.customer({ name: '宁波港务', ownerId: a.am.id });
    const before = await snapshot(a.t, { customer_change_request: 'id' });
    expect((await patch(a.am, c.id, { kind: 'shop', version: 1, reason: 'x' })).status).toBe(400);
    expect((await patch(a.am, c.id, { region: '华北', version: 9, reason: 'x' })).status).toBe(409);
    expect((await patch(a.am, c.id, { region: '华北', version: 1, reason: '' })).status).toBe(400);
    expect(await snapshot(a.t, { customer_change_request: 'id' })).toBe(before);
    const contact = await a.as(a.am, `${C}/${c.id}/contacts`, {
      body: { name: '王经理', phone: '13900000000' },
    });
    expect(contact.status).toBe(201);
    const comm = await a.as(a.am, `${C}/${c.id}/communications`, {
      body: {
        channel: 'call',
        direction: 'outbound',
        subject: '回访',
        occurredAt: '2026-03-01T02:00:00.000Z',
      },
    });
    expect(comm.status).toBe(201);
  });

  it('deletion needs approval and a reason; approval starts the retention period', async () => {
    const c = await a.customer({ name: '大连渔业' });
    expect((await a.as(a.sm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '' } })).status).toBe(400);
    const res = await a.as(a.sm, `${C}/${c.id}`, { method: 'DELETE', body: { reason: '重复录入' } });
    expect(res.status).toBe(202);
    const { changeRequest } = await json(res);
    expect(changeRequest).toMatchObject({ kind: 'delete', reason: '重复录入' });
    expect((await a.as(a.gm, `${C}/${c.id}`)).status).toBe(200);
    const ok = await a.as(a.gm, `${CR}/${changeRequest.id}/approve`, { method: 'POST' });
    expect(ok.status).toBe(200);
    expect((await a.as(a.gm, `${C}/${c.id}`)).status).toBe(404);
    const deleted = await json(await a.as(a.gm, `${C}?deleted=only&q=${encodeURIComponent('大连渔业')}`));
    expect(deleted.items.map((x: { id: string }) => x.id)).toEqual([c.id]);
  });

  it('an owner change becomes a request too', async () => {
    const c = await a.customer({ name: '杭州茶叶', ownerId: a.am.id });
    const res = await a.as(a.sm, `${C}/${c.id}/owner`, { body: { ownerId: a.am2.id, reason: '交接' } });
    expect(res.status).toBe(202);
    const { changeRequest } = await json(res);
    expect(changeRequest.changes).toEqual({ ownerId: { from: a.am.id, to: a.am2.id } });
    expect((await a.as(a.gm, `${CR}/${changeRequest.id}/approve`, { method: 'POST' })).status).toBe(200);
    expect((await json(await a.as(a.gm, `${C}/${c.id}`))).ownerId).toBe(a.am2.id);
  });

  it('ending a relationship is for the general manager only', async () => {
    const c = await a.customer({ name: '终止测试' });
    const refused = await a.as(a.sm, `${C}/${c.id}/terminate`, { body: { reason: '停止合作' } });
    expect(refused.status).toBe(403);
    const ended = await a.as(a.gm, `${C}/${c.id}/terminate`, { body: { reason: '停止合作' } });
    expect(ended.status).toBe(200);
    expect(await json(ended)).toMatchObject({ status: 'terminated', doNotContact: true });
  });
});
