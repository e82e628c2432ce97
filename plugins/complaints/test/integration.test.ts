import { definePlugin, xlsxRecords } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { complaintsPlugin } from '../src/index.js';
import { file, post, world } from './support.js';

const opened: any[] = [];
const listener = definePlugin({
  name: 'issue-listener',
  version: '0.0.1',
  setup(ctx) {
    ctx.hooks.on('complaints.systemicIssueOpened', 'hear', (p) => {
      opened.push(p);
    });
  },
});

describe.each(testDatabases())('complaints with the customer archive on $name', (db) => {
  it('opens a systemic issue at the N-th complaint from M customers, not before; the manager assesses and closes it', async () => {
    opened.length = 0;
    const w = await world(db, {
      plugins: [complaintsPlugin, listener],
      config: { systemic: { complaints: 3, customers: 2, windowDays: 30 } },
    });
    try {
      const third = await json(
        await w.t.request('/api/v1/customers', { body: { name: '苏州观前街百货', kind: 'business' } }),
      );
      const issues = async () =>
        (await json(await w.t.request('/api/v1/complaints/systemic-issues', { token: w.manager.token })))
          .items;
      const a = await file(w, w.agent.token, { batchRef: 'B-2026-11' });
      const b = await file(w, w.agent.token, { batchRef: 'B-2026-11' });
      // Another category or batch does not count.
      await file(w, w.agent.token, { batchRef: 'B-2026-11', category: 'transport' }, w.otherCustomerId);
      await file(w, w.agent.token, { batchRef: 'B-2026-10' }, w.otherCustomerId);
      expect(await issues()).toEqual([]);
      // Three complaints, but from one customer: not yet.
      const c = await file(w, w.agent.token, { batchRef: 'B-2026-11' });
      expect(await issues()).toEqual([]);
      const d = await file(w, w.agent.token, { batchRef: 'B-2026-11' }, w.otherCustomerId);
      const [issue] = await issues();
      expect(issue).toMatchObject({
        category: 'product_quality',
        reference: 'B-2026-11',
        status: 'open',
        customerCount: 2,
      });
      expect(issue.complaintIds.sort()).toEqual([a.id, b.id, c.id, d.id].sort());
      while ((await w.t.drain()) > 0);
      expect(opened).toEqual([expect.objectContaining({ issueId: issue.id, customerCount: 2 })]);
      const tasks = (await json(await w.t.request('/api/v1/activities', { token: w.manager.token }))).items;
      expect(tasks.some((t: { type: string }) => t.type === 'complaint_systemic_issue')).toBe(true);
      // A later one joins the open issue.
      const e = await file(w, w.agent.token, { batchRef: 'B-2026-11' }, third.id);
      expect((await issues())[0].complaintIds).toContain(e.id);
      expect(await issues()).toHaveLength(1);
      const early = await w.t.request(`/api/v1/complaints/systemic-issues/${issue.id}/close`, {
        body: {},
        token: w.manager.token,
      });
      expect((await json(early)).code).toBe('issue_not_assessed');
      const assessed = await post(
        w,
        `/systemic-issues/${issue.id}/assess`,
        { assessment: 'widespread', policyChange: '更换垫圈供应商', ownerId: w.manager2.id },
        w.manager.token,
      );
      expect(assessed).toMatchObject({
        status: 'assessed',
        assessment: 'widespread',
        ownerId: w.manager2.id,
      });
      expect(await post(w, `/systemic-issues/${issue.id}/close`, {}, w.manager.token)).toMatchObject({
        status: 'closed',
      });
      expect((await w.t.request('/api/v1/complaints/systemic-issues', { token: w.agent.token })).status).toBe(
        403,
      );
    } finally {
      await w.t.close();
    }
  });

  it('refuses to terminate a customer with open complaints, moves them on merge and erases them on purge', async () => {
    const w = await world(db);
    try {
      const c = await file(w, w.agent.token);
      const terminate = await w.t.request(`/api/v1/customers/${w.customerId}/terminate`, {
        body: { reason: 'Relationship ended' },
      });
      expect(terminate.status).toBe(409);
      const problem = await json(terminate);
      expect(problem.code).toBe('open_items');
      expect(JSON.stringify(problem)).toContain('open complaints');
      const merged = await w.t.request(`/api/v1/customers/${w.otherCustomerId}/merge`, {
        body: { sourceId: w.customerId, reason: 'Duplicate record' },
      });
      expect(merged.status, JSON.stringify(await merged.clone().json())).toBeLessThan(300);
      expect((await json(await w.t.request(`/api/v1/complaints/${c.id}`))).customerId).toBe(
        w.otherCustomerId,
      );
      const facet = await json(
        await w.t.request(`/api/v1/customers/${w.otherCustomerId}?include=complaints`),
      );
      expect(facet.facets.complaints.open).toBe(1);
    } finally {
      await w.t.close();
    }
  });

  it('reports counts, working times, attainment, reopen rate and compensation per currency, also as CSV', async () => {
    const w = await world(db);
    try {
      const a = await file(w, w.agent.token);
      w.t.clock.set('2026-12-07T02:00:00.000Z'); // 10:00
      await post(w, `/${a.id}/contacts`, { channel: 'phone', note: '回电' }, w.agent.token);
      await post(w, `/${a.id}/accept`, { severity: 'normal', nature: 'general' }, w.agent.token);
      await post(w, `/${a.id}/investigation`, { cause: 'c', evidence: ['e'] }, w.agent.token);
      await post(
        w,
        `/${a.id}/responsibility`,
        { party: 'carrier', responsibleName: '顺丰', rootCause: 'r' },
        w.agent.token,
      );
      await post(
        w,
        `/${a.id}/handling`,
        {
          remedies: [
            { kind: 'compensation', description: 'x', amount: 30_000, currency: 'CNY' },
            { kind: 'compensation', description: 'y', amount: 2_000, currency: 'USD' },
          ],
        },
        w.agent.token,
      );
      await post(w, `/${a.id}/remedies`, { remedies: [] }, w.agent.token, 400);
      const usd = (await json(await w.t.request(`/api/v1/complaints/${a.id}`))).remedies.find(
        (r: { currency: string }) => r.currency === 'USD',
      );
      await post(w, `/remedies/${usd.id}/approve`, {}, w.manager.token);
      await post(w, `/${a.id}/reply`, { text: 't', channel: 'phone', customerAccepted: true }, w.agent.token);
      await file(w, w.agent.token, { category: 'transport' }, w.otherCustomerId);
      const report = await json(
        await w.t.request('/api/v1/complaints/reports?from=2026-12-01&to=2026-12-31&by=category', {
          token: w.manager.token,
        }),
      );
      expect(report.rows).toEqual([
        expect.objectContaining({
          group: 'product_quality',
          complaints: 1,
          avgResponseMinutes: 60,
          p90ResponseMinutes: 60,
          slaAttainment: 1,
          reopenRate: 0,
          compensation: [
            { currency: 'CNY', amount: 30_000 },
            { currency: 'USD', amount: 2_000 },
          ],
        }),
        expect.objectContaining({
          group: 'transport',
          complaints: 1,
          avgResponseMinutes: null,
          slaAttainment: null,
        }),
      ]);
      const csv = await w.t.request(
        '/api/v1/complaints/reports.csv?from=2026-12-01&to=2026-12-31&by=responsibleParty',
        {
          token: w.manager.token,
        },
      );
      expect(csv.headers.get('content-type')).toContain('text/csv');
      const text = await csv.text();
      expect(text).toContain('responsibleParty,complaints');
      expect(text).toContain('carrier,1,1,60');
      // The same lines as .xlsx, compensation as a number in its currency.
      const xlsx = await w.t.request('/api/v1/complaints/reports.xlsx?from=2026-12-01&to=2026-12-31', {
        token: w.manager.token,
      });
      expect(xlsx.headers.get('content-type')).toContain('spreadsheetml');
      const sheet: string[][] = [];
      for await (const r of xlsxRecords(xlsx.body!)) sheet.push(r.cells);
      expect(sheet[0]![0]).toBe('category');
      const quality = sheet.filter((r) => r[0] === 'product_quality').map((r) => r.slice(11));
      expect(quality).toEqual([
        ['CNY', '300'],
        ['USD', '20'],
      ]);
      expect(
        (
          await w.t.request('/api/v1/complaints/reports?from=2026-12-01&to=2026-12-31', {
            token: w.agent.token,
          })
        ).status,
      ).toBe(403);
      expect(
        (
          await w.t.request('/api/v1/complaints/reports?from=2026-12-32&to=2026-12-31', {
            token: w.manager.token,
          })
        ).status,
      ).toBe(400);
    } finally {
      await w.t.close();
    }
  });

  it('gives the complaint rate per 100 active customers and, with receivables, per 100 invoices of the period', async () => {
    const w = await world(db, { plugins: [receivablesPlugin, complaintsPlugin] });
    try {
      // The world's two customers are potential ones; three active and a dormant one more.
      const active: string[] = [];
      for (const [i, status] of ['active', 'active', 'dormant', 'active'].entries()) {
        const c = await json(
          await w.t.request('/api/v1/customers', {
            body: { name: `费率客户 ${i}`, kind: 'business', status },
          }),
        );
        if (status === 'active') active.push(c.id);
      }
      const invoice = async (customerId: string) =>
        json(
          await w.t.request('/api/v1/receivables/invoices', {
            body: { customerId, lines: [{ description: '热水器', quantity: 1, unitPrice: 100_000 }] },
          }),
        );
      for (const id of [...active, w.customerId]) await invoice(id);
      const cancelled = await invoice(w.customerId);
      const cancel = await w.t.request(`/api/v1/receivables/invoices/${cancelled.id}/cancel`, {
        body: { reason: 'Wrong customer' },
      });
      expect(cancel.status).toBe(200);
      await file(w, w.agent.token, {}, active[0]);
      await file(w, w.agent.token, {}, active[1]);
      await file(w, w.agent.token, { category: 'transport' });
      const path = '/api/v1/complaints/reports?from=2026-12-01&to=2026-12-31&by=category';
      const report = await json(await w.t.request(path, { token: w.manager.token }));
      expect(report).toMatchObject({ activeCustomers: 3, invoices: 4 });
      expect(
        report.rows.map((r: any) => [r.group, r.complaints, r.per100Customers, r.per100Invoices]),
      ).toEqual([
        ['product_quality', 2, 66.67, 50],
        ['transport', 1, 33.33, 25],
      ]);
      // Another period: no invoices, so no rate per invoice.
      const empty = await json(
        await w.t.request('/api/v1/complaints/reports?from=2026-11-01&to=2026-11-30', {
          token: w.manager.token,
        }),
      );
      expect(empty).toMatchObject({ activeCustomers: 3, invoices: 0, rows: [] });
      const csv = await (
        await w.t.request('/api/v1/complaints/reports.csv?from=2026-12-01&to=2026-12-31&by=category', {
          token: w.manager.token,
        })
      ).text();
      const [header, ...lines] = csv
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r?\n/);
      const cols = header!.split(',');
      const at = (line: string, col: string) => line.split(',')[cols.indexOf(col)];
      expect(
        lines.map((l) => [at(l, 'category'), at(l, 'per_100_customers'), at(l, 'per_100_invoices')]),
      ).toEqual([
        ['product_quality', '66.67', '50'],
        ['transport', '33.33', '25'],
      ]);
    } finally {
      await w.t.close();
    }
  });

  it('gives no rate per invoice without receivables, and shows the rate per customer on the reports page', async () => {
    const w = await world(db);
    try {
      await json(
        await w.t.request('/api/v1/customers', {
          body: { name: '活跃客户', kind: 'business', status: 'active' },
        }),
      );
      await file(w, w.agent.token);
      const report = await json(
        await w.t.request('/api/v1/complaints/reports?from=2026-12-01&to=2026-12-31', {
          token: w.manager.token,
        }),
      );
      expect(report).toMatchObject({ activeCustomers: 1, invoices: null });
      expect(report.rows).toEqual([
        expect.objectContaining({ group: 'product_quality', per100Customers: 100, per100Invoices: null }),
      ]);
      const csv = await (
        await w.t.request('/api/v1/complaints/reports.csv?from=2026-12-01&to=2026-12-31', {
          token: w.manager.token,
        })
      ).text();
      expect(csv).toContain('product_quality,1,1,');
      expect(csv.trim().endsWith(',0,100,,,')).toBe(true);
    } finally {
      await w.t.close();
    }
  });
});
