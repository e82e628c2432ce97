import { json, testDatabases } from '@kehu/core/testing';
import { creditPlugin } from '@kehu/plugin-credit';
import { receivablesPlugin } from '@kehu/plugin-receivables';
import { describe, expect, it } from 'vitest';
// The console's cookie-keeping client over app.request(): HTML-level tests without a browser.
import { consoleTest } from '../../plugins/console/test/support.js';

// The credit forms: a profile opened, a limit asked for, a 5C evaluation scored with its grade shown
// before it is sent, holds placed and released, and both decided by a second person.

const main = (html: string) => html.slice(html.indexOf('<main'));

describe.each(testDatabases())('credit forms on $name', (db) => {
  const setup = async () => {
    const ct = await consoleTest(db, [receivablesPlugin, creditPlugin]);
    const am = await ct.person(['account_manager'], 'Owner');
    const other = await ct.person(['account_manager'], 'Other');
    const sm = await ct.person(['sales_manager'], 'Sales manager');
    const cm = await ct.person(['credit_manager'], 'Credit manager');
    const customer = await ct.t.kernel.customers.create(
      { name: '<script>alert(1)</script> 电子', ownerId: am.id },
      { actor: null },
    );
    const api = (path: string) => ct.t.request(`/api/v1/credit${path}`).then(json);
    return { ct, am, other, sm, cm, customer, api };
  };

  it('opens a profile, takes a limit request with the refusal beside the amount, and approves it as a second person', async () => {
    const { ct, am, cm, customer, api } = await setup();
    try {
      const manager = ct.browser({ 'accept-language': 'zh-CN' });
      await manager.signIn(cm.email);
      await manager.get(`/credit/customers/${customer.id}`);
      expect(manager.lastHtml).toContain('建立信用档案');
      const opened = await manager.post(`/credit/customers/${customer.id}/profile`, {
        currency: '',
        maxTermDays: '30',
      });
      expect(opened.status).toBe(303);
      await manager.get(opened.headers.get('location')!);
      expect(manager.lastHtml).toContain('信用档案已建立。');

      const owner = ct.browser({ 'accept-language': 'en' });
      await owner.signIn(am.email);
      await owner.get(`/credit/customers/${customer.id}/limit-requests/new`);
      const fields = { kind: 'fixed', currency: 'CNY', reason: 'Orders double from April', amount: 'lots' };
      const bad = await owner.post(`/credit/customers/${customer.id}/limit-requests/new`, fields);
      expect(bad.status).toBe(422);
      expect(main(owner.lastHtml)).toMatch(/id="limit-amount"[^>]*aria-invalid="true"/);
      expect(owner.lastHtml).toContain('id="limit-amount-error"');
      expect(owner.lastHtml).toContain('value="lots"');
      expect((await api(`/limit-requests?status=pending`)).items).toHaveLength(0);
      const ok = await owner.post(`/credit/customers/${customer.id}/limit-requests/new`, {
        ...fields,
        amount: '50,000',
      });
      expect(ok.status).toBe(303);

      // A temporary limit lasts to the end of the chosen company day.
      await owner.post(`/credit/customers/${customer.id}/limit-requests/new`, {
        ...fields,
        kind: 'temporary',
        amount: '8,000',
        expiresAt: '2026-03-31',
      });
      const pending = (await api('/limit-requests?status=pending')).items;
      expect(pending).toHaveLength(2);
      const temporary = pending.find((r: { kind: string }) => r.kind === 'temporary');
      // The test kernel's company time zone is UTC.
      expect(temporary.expiresAt).toBe('2026-03-31T23:59:00.000Z');

      // The owner may ask, not decide; the credit manager decides.
      await owner.get('/credit/approvals');
      expect(owner.lastHtml).not.toContain('/credit/approvals/limit-requests/');
      await manager.get('/credit/approvals');
      const fixed = pending.find((r: { kind: string }) => r.kind === 'fixed');
      expect(manager.lastHtml).toContain(`/credit/approvals/limit-requests/${fixed.id}/approve`);
      expect((await manager.post(`/credit/approvals/limit-requests/${fixed.id}/approve`, {})).status).toBe(
        303,
      );
      await manager.get(`/credit/customers/${customer.id}`);
      expect(manager.lastHtml).toContain('已批准。');
      expect((await api(`/customers/${customer.id}`)).summary.fixedLimit).toBe(50_000_00);
    } finally {
      await ct.close();
    }
  });

  it('shows the score and grade of a 5C evaluation before it is sent, refuses a missing factor, and keeps the requester from deciding', async () => {
    const { ct, sm, cm, customer, api } = await setup();
    try {
      await ct.t.request(`/api/v1/credit/customers/${customer.id}/profile`, { token: cm.token, body: {} });
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(sm.email);
      await b.get(`/credit/customers/${customer.id}/evaluations/new`);
      expect(b.lastHtml).toContain('name="scores.character"');
      const scores = {
        'scores.character': '90',
        'scores.capacity': '80',
        'scores.capital': '70',
        'scores.collateral': '60',
        'scores.conditions': '',
      };
      const missing = await b.post(`/credit/customers/${customer.id}/evaluations/new`, scores);
      expect(missing.status).toBe(422);
      expect(main(b.lastHtml)).toMatch(/id="eval-scores-conditions"[^>]*aria-invalid="true"/);
      expect((await api(`/customers/${customer.id}/evaluations`)).items).toHaveLength(0);

      const full = { ...scores, 'scores.conditions': '80' };
      const preview = await b.post(`/credit/customers/${customer.id}/evaluations/new`, {
        ...full,
        preview: '1',
      });
      expect(preview.status).toBe(200);
      const shown = /id="evaluation-preview">Score ([\d.]+): grade (\w+)/.exec(b.lastHtml);
      expect(shown).not.toBeNull();
      expect((await api(`/customers/${customer.id}/evaluations`)).items).toHaveLength(0);

      const sent = await b.post(`/credit/customers/${customer.id}/evaluations/new`, full);
      expect(sent.status).toBe(303);
      const [evaluation] = (await api(`/customers/${customer.id}/evaluations`)).items;
      // What the page showed is what the API scored.
      expect(String(evaluation.score)).toBe(shown![1]);
      expect(evaluation.proposedGrade).toBe(shown![2]);

      // The credit manager approves; the grade becomes the customer's.
      const manager = ct.browser({ 'accept-language': 'en' });
      await manager.signIn(cm.email);
      await manager.get('/credit/approvals');
      expect((await manager.post(`/credit/approvals/evaluations/${evaluation.id}/approve`, {})).status).toBe(
        303,
      );
      expect((await api(`/customers/${customer.id}`)).summary.grade).toBe(evaluation.proposedGrade);

      // A credit manager's own limit request is not offered to them, and a forged decision changes nothing.
      await manager.get(`/credit/customers/${customer.id}/limit-requests/new`);
      await manager.post(`/credit/customers/${customer.id}/limit-requests/new`, {
        kind: 'fixed',
        amount: '1000',
        currency: 'CNY',
        reason: 'Own request',
      });
      const own = (await api('/limit-requests?status=pending')).items[0];
      await manager.get('/credit/approvals');
      expect(manager.lastHtml).toContain('You asked for this: someone else decides it.');
      await manager.post(`/credit/approvals/limit-requests/${own.id}/approve`, {});
      expect((await api('/limit-requests?status=pending')).items).toHaveLength(1);
    } finally {
      await ct.close();
    }
  });

  it('places and releases a hold, and answers the same 404 page to someone who may not see the customer', async () => {
    const { ct, am, other, cm, customer, api } = await setup();
    try {
      await ct.t.request(`/api/v1/credit/customers/${customer.id}/profile`, { token: cm.token, body: {} });
      const b = ct.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(cm.email);
      await b.get(`/credit/customers/${customer.id}`);
      expect((await b.post(`/credit/customers/${customer.id}/holds`, { note: '等待担保函' })).status).toBe(
        303,
      );
      await b.get(`/credit/customers/${customer.id}`);
      expect(b.lastHtml).toContain('已冻结该客户的赊销。');
      const [hold] = (await api(`/customers/${customer.id}/holds`)).items;
      expect(b.lastHtml).toContain(`/holds/${hold.id}/release`);
      expect((await b.post(`/credit/customers/${customer.id}/holds/${hold.id}/release`, {})).status).toBe(
        303,
      );
      expect((await api(`/customers/${customer.id}/holds`)).items).toHaveLength(0);
      // Without the form's token nothing is posted.
      expect(
        (await b.post(`/credit/customers/${customer.id}/holds`, { note: 'x' }, { csrf: null })).status,
      ).toBe(403);
      expect((await api(`/customers/${customer.id}/holds`)).items).toHaveLength(0);

      const stranger = ct.browser({ 'accept-language': 'en' });
      await stranger.signIn(other.email);
      const hidden = await stranger.get(`/credit/customers/${customer.id}/limit-requests/new`);
      const hiddenHtml = main(stranger.lastHtml);
      const missing = await stranger.get('/credit/customers/nonexistent/limit-requests/new');
      expect([hidden.status, missing.status]).toEqual([404, 404]);
      expect(main(stranger.lastHtml)).toBe(hiddenHtml);
      await stranger.get('/credit/approvals');
      const posted = await stranger.post(`/credit/customers/${customer.id}/limit-requests/new`, {
        kind: 'fixed',
        amount: '1',
        currency: 'CNY',
        reason: 'x',
      });
      expect(posted.status).toBe(404);
      expect((await api('/limit-requests')).items).toHaveLength(0);
      expect(am.id).toBeTruthy();
    } finally {
      await ct.close();
    }
  });
});
