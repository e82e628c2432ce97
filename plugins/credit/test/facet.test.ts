import { json, testDatabases } from '@kehu/core/testing';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
import { creditPlugin } from '../src/index.js';
import { bootCredit, ordersPlugin } from './support/kehu.js';
import { invoiceOk } from './support/receivables.js';

describe.each(testDatabases())('credit facet on $name', (db) => {
  it('loads a page of customers without per-customer calls to receivables or contributors', async () => {
    const pending: { customerId: string; amount: number; currency: string }[] = [];
    const calls = { count: 0 };
    const t = await bootCredit(db, {
      plugins: [receivablesPlugin, ordersPlugin(pending, calls), creditPlugin],
    });
    try {
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) {
        const id = await t.creditCustomer({ limit: (i + 1) * 10_000_00 });
        ids.push(id);
        if (i % 3 === 0) await invoiceOk(t, id, 5_000_00);
        if (i % 4 === 0) pending.push({ customerId: id, amount: 1_000_00, currency: 'CNY' });
      }
      const bare = await t.customer('No credit yet');
      const receivables = t.kernel.service('receivables')!;
      let serviceCalls = 0;
      const original = receivables.openExposure;
      receivables.openExposure = (...args) => {
        serviceCalls++;
        return original(...args);
      };
      calls.count = 0;

      const page = await json(await t.request('/api/v1/customers?include=credit&limit=50'));
      expect(calls.count).toBe(1);
      expect(serviceCalls).toBe(0);
      const byId = new Map(page.items.map((c: any) => [c.id, c.facets.credit]));
      expect(byId.get(bare)).toBeNull();
      ids.forEach((id, i) => {
        const exposure = (i % 3 === 0 ? 5_000_00 : 0) + (i % 4 === 0 ? 1_000_00 : 0);
        expect(byId.get(id)).toMatchObject({
          grade: 'AA',
          limit: (i + 1) * 10_000_00,
          exposure,
          available: (i + 1) * 10_000_00 - exposure,
          status: 'normal',
        });
      });
      receivables.openExposure = original;
    } finally {
      await t.close();
    }
  });

  it('publishes the facet, routes and permissions in the OpenAPI document and meta', async () => {
    const t = await bootCredit(db);
    try {
      const doc = await json(await t.request('/api/openapi.json', { token: null }));
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/credit/check',
          '/api/v1/credit/customers/{customerId}/evaluations',
          '/api/v1/credit/limit-requests/{id}/approve',
        ]),
      );
      // include=credit is typed: the customer's facets name the credit summary, grade and all.
      const schemas = doc.components.schemas;
      expect(schemas.Customer.properties.facets).toEqual({ $ref: '#/components/schemas/CustomerFacets' });
      expect(schemas.CustomerFacets.properties.credit).toEqual({
        anyOf: [{ $ref: '#/components/schemas/CreditSummary' }, { type: 'null' }],
      });
      expect(schemas.CreditSummary.properties.grade).toEqual({ type: ['string', 'null'] });
      expect(
        doc.paths['/api/v1/credit/limit-requests'].get.responses['200'].content['application/json'].schema,
      ).toEqual({ $ref: '#/components/schemas/CreditLimitRequestPage' });
      const meta = await json(await t.request('/api/v1/meta'));
      expect(meta.facets).toContain('credit');
      expect(meta.roles.map((r: any) => r.name)).toContain('credit_manager');
      expect(meta.permissions.find((p: any) => p.name === 'credit.evaluations.approve').roles).toEqual([
        'admin',
        'credit_manager',
      ]);
      expect(meta.enums['credit.holdReason'].overdue['zh-CN']).toBe('超期欠款');
    } finally {
      await t.close();
    }
  });
});
