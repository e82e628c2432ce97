import { ManualClock, silentLogger } from '@kehu/core';
import { json, testDatabases } from '@kehu/core/testing';
import { type SmtpTestServer, smtpTestServer } from '@kehu/core/testing/smtp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createKehu, defineConfig, ensureUser, type Kehu } from '../src/index.js';

const ADMIN = 'kehu_sdk_mail_admin';

describe.each(testDatabases())('defineConfig({ mail, activities }) on $name', (db) => {
  let smtp: SmtpTestServer;
  let kehu: Kehu | undefined;
  beforeEach(async () => {
    smtp = await smtpTestServer();
  });
  afterEach(async () => {
    await kehu?.close();
    await smtp.close();
  });

  it('mails through the configured SMTP server and escalates by the configured rule', async () => {
    const clock = new ManualClock('2026-03-02T01:00:00.000Z');
    const config = defineConfig({
      database: await db.open(),
      logger: silentLogger,
      clock,
      timeZone: 'Asia/Shanghai',
      scheduler: false,
      dispatcher: false,
      auth: { adminToken: ADMIN },
      mail: {
        smtp: { host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true },
        from: '"Kehu" <kehu@example.com>',
        defaultLanguage: 'en',
      },
      activities: { escalations: { call: { afterHours: 2, action: 'notify', role: 'sales_manager' } } },
    });
    kehu = await createKehu(config);
    const { kernel } = kehu;
    const am = await ensureUser(kernel, {
      email: 'zhang.san@example.com',
      name: '张三',
      roles: ['account_manager'],
    });
    await ensureUser(kernel, { email: 'li.jingli@example.com', name: '李经理', roles: ['sales_manager'] });

    const res = await kehu.app.request('/api/v1/activities', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'call',
        subject: '回访杭州西湖茶业',
        assigneeId: am.id,
        dueDate: '2026-03-02',
      }),
    });
    expect(res.status).toBe(201);
    // The due date ends with the day in Beijing, not in UTC.
    expect(await json(res)).toMatchObject({ dueAt: '2026-03-02T15:59:59.999Z' });
    await kernel.dispatcher.drain();
    expect(smtp.received.map(({ to, subject, language }) => ({ to, subject, language }))).toEqual([
      { to: 'zhang.san@example.com', subject: 'New activity for you: 回访杭州西湖茶业', language: 'en' },
    ]);

    // Overdue at Beijing midnight; two hours later the configured rule tells the sales manager.
    clock.set('2026-03-02T17:00:00.000Z');
    await kernel.scheduler.runDue(clock.now());
    await kernel.dispatcher.drain();
    expect(smtp.received.map((m) => m.to)).toEqual(['zhang.san@example.com']);
    clock.set('2026-03-02T18:30:00.000Z');
    await kernel.scheduler.runDue(clock.now());
    await kernel.dispatcher.drain();
    expect(smtp.received.map((m) => m.to)).toEqual(['zhang.san@example.com', 'li.jingli@example.com']);
  });
});
