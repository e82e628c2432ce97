import { createTestKehu, testDatabases } from '@kehu/core/testing';
import { type SmtpTestServer, smtpTestServer } from '@kehu/core/testing/smtp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { receivablesPlugin } from '../src/index.js';
import { expectStatus, type World, world } from './helpers.js';

const base = '/api/v1/receivables';
const PUBLIC_URL = 'https://crm.example.com';

const followUps = async (w: World) =>
  (await expectStatus(await w.t.request(`${base}/customers/${w.customerId}/follow-ups`), 200)).items as any[];
const addContact = async (w: World, body: Record<string, unknown>) =>
  expectStatus(await w.t.request(`/api/v1/customers/${w.customerId}/contacts`, { body }), 201);
/** The link in a mail, as a path this server answers (the host's address in front stripped). */
const linkIn = (text: string) => {
  const url = text.match(/https:\/\/crm\.example\.com(\/\S+)/);
  if (!url) throw new Error(`no link in:\n${text}`);
  return url[1]!;
};

describe.each(testDatabases())('collection notice mail (催款通知) on $name', (db) => {
  let smtp: SmtpTestServer;
  beforeEach(async () => {
    smtp = await smtpTestServer();
  });
  afterEach(() => smtp.close());

  it('mails the contact with an address in their language, with a link that opens the account and its statement', async () => {
    const w = await world(db, { publicUrl: `${PUBLIC_URL}/` }, { mail: smtp.mailOptions() });
    const { t } = w;
    try {
      // The primary contact has no address yet: the accountant with one gets the mail, in English.
      const manager = await addContact(w, { name: '王经理', phone: '021-5555 0101' });
      await addContact(w, {
        name: 'Liu (accounts)',
        email: 'ap@huadong.example',
        language: 'en',
      });
      const inv = await w.invoice({ issueDate: '2026-03-01', termDays: 10 });

      // 首次提醒 does not mail.
      await w.at('2026-03-12');
      await t.drain();
      expect(smtp.received).toEqual([]);
      expect((await followUps(w))[0]).toMatchObject({ level: 1, customerMail: null });

      // 二次催收 mails.
      await w.at('2026-03-26');
      await t.drain();
      expect(smtp.received).toHaveLength(1);
      const en = smtp.received[0]!;
      expect(en).toMatchObject({
        to: 'ap@huadong.example',
        language: 'en',
        subject: 'Payment reminder: CN¥1,000.00 overdue (华东贸易有限公司 Huadong Trading)',
      });
      expect(en.text).toContain('Dear Liu (accounts),');
      expect(en.text).toContain(`- ${inv.number}, due 2026-03-11, 15 days overdue, CN¥1,000.00 outstanding`);
      const [second] = await followUps(w);
      expect(second.customerMail).toEqual({
        status: 'sent',
        reason: null,
        to: 'ap@huadong.example',
        contactName: 'Liu (accounts)',
        language: 'en',
        sentAt: t.clock.now().toISOString(),
      });

      // The link opens without signing in and shows what is overdue today.
      const link = linkIn(en.text);
      const token = link.split('/').pop()!;
      expect(await expectStatus(await t.request(link, { token: null }), 200)).toMatchObject({
        customer: { name: '华东贸易有限公司 Huadong Trading' },
        levelName: '二次催收',
        currency: 'CNY',
        overdue: 100_000,
        invoices: [{ number: inv.number, dueDate: '2026-03-11', daysOverdue: 15, outstanding: 100_000 }],
        statement: null,
      });
      // Only its hash is kept: not in the follow-up, the events, their deliveries or the audit trail.
      for (const table of ['rcv_follow_up', 'kehu_event', 'kehu_delivery', 'kehu_audit'] as const) {
        const rows = await t.kernel.database.db.selectFrom(table).selectAll().execute();
        expect(JSON.stringify(rows)).not.toContain(token);
      }

      // The event delivered again (at least once) sends no second mail.
      await t.kernel.database.db
        .updateTable('kehu_delivery')
        .set({ status: 'pending', attempts: 0 })
        .where('subscriber', '=', 'receivables:collection-notice-mail')
        .execute();
      await t.drain();
      expect(smtp.received).toHaveLength(1);

      // The primary contact now has an address and no language of their own: the company's (zh-CN).
      await expectStatus(
        await t.request(`/api/v1/customers/${w.customerId}/contacts/${manager.id}`, {
          method: 'PATCH',
          body: { email: 'wang@huadong.example' },
        }),
        200,
      );
      await w.at('2026-04-10');
      await t.drain();
      expect(smtp.received).toHaveLength(2);
      const zh = smtp.received[1]!;
      expect(zh).toMatchObject({
        to: 'wang@huadong.example',
        language: 'zh-CN',
        subject: '最后通知：华东贸易有限公司 Huadong Trading 逾期应收 ¥1,000.00',
      });
      expect(zh.text).toContain('王经理，您好：');
      expect(zh.text).toContain(`- ${inv.number}，到期日 2026-03-11，逾期 30 天，未付 ¥1,000.00`);
      expect((await followUps(w))[0].customerMail).toMatchObject({ status: 'sent', language: 'zh-CN' });

      // March's statement is shown once it was sent to the customer, not while a draft.
      const zhLink = linkIn(zh.text);
      expect((await expectStatus(await t.request(zhLink, { token: null }), 200)).statement).toBeNull();
      const st = (await expectStatus(await t.request(`${base}/statements?customerId=${w.customerId}`), 200))
        .items[0];
      await expectStatus(await t.request(`${base}/statements/${st.id}/send`, { method: 'POST' }), 200);
      expect((await expectStatus(await t.request(zhLink, { token: null }), 200)).statement).toMatchObject({
        period: '2026-03',
        status: 'sent',
        closing: 100_000,
        lines: [{ kind: 'invoice', amount: 100_000 }],
      });

      // An unknown token is 404; the link expires after confirmationLinkDays (60).
      expect(
        (await t.request(`${base}/public/collection-notices/${'x'.repeat(43)}`, { token: null })).status,
      ).toBe(404);
      t.clock.set('2026-06-10T08:00:00.000Z');
      const gone = await t.request(zhLink, { token: null });
      expect(gone.status).toBe(410);
      expect(((await gone.json()) as { code: string }).code).toBe('link_expired');
    } finally {
      await w.t.close();
    }
  });

  it('sends nothing when the level does not mail or no contact has an address, and says why', async () => {
    const w = await world(
      db,
      {
        publicUrl: PUBLIC_URL,
        dunning: {
          levels: [
            { days: 1, name: '提醒', mailCustomer: false },
            { days: 5, name: '催收', mailCustomer: true },
          ],
        },
      },
      { mail: smtp.mailOptions() },
    );
    try {
      await addContact(w, { name: '王经理', phone: '021-5555 0101' });
      await w.invoice({ issueDate: '2026-03-01', termDays: 10 });
      await w.at('2026-03-12');
      await w.t.drain();
      expect((await followUps(w))[0].customerMail).toBeNull();
      await w.at('2026-03-16');
      await w.t.drain();
      expect((await followUps(w))[0]).toMatchObject({
        level: 2,
        customerMail: { status: 'not_sent', reason: 'no_address', to: null },
      });
      expect(smtp.received).toEqual([]);
    } finally {
      await w.t.close();
    }
  });

  it('refuses to boot with mail configured and a mailing level but no publicUrl', async () => {
    await expect(
      createTestKehu(db, { plugins: [receivablesPlugin], mail: smtp.mailOptions() }),
    ).rejects.toThrow(/receivables: config\.publicUrl is required/);
  });
});
