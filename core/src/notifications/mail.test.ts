import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openArchive } from '../registry/test/archive-fixtures.js';
import { json, testDatabases } from '../testing/index.js';
import { type SmtpTestServer, smtpTestServer } from '../testing/smtp.js';

describe.each(testDatabases())('notification mail on $name', (db) => {
  let smtp: SmtpTestServer;
  beforeEach(async () => {
    smtp = await smtpTestServer();
  });
  afterEach(() => smtp.close());

  const mail = (digest = false) => smtp.mailOptions({ digest, inboxUrl: 'https://crm.example.com/inbox' });

  it("mails an assigned activity in the assignee's language", async () => {
    const a = await openArchive(db, { mail: mail() });
    try {
      await a.t.kernel.users.update(a.am.id, { email: 'zhang.san@example.com' });
      await a.t.kernel.users.update(a.am2.id, { email: 'li.si@example.com', language: 'en' });
      for (const assigneeId of [a.am.id, a.am2.id])
        expect(
          (
            await a.as(a.sm, '/api/v1/activities', {
              body: { type: 'call', subject: '回访杭州西湖茶业', assigneeId, dueDate: '2026-03-02' },
            })
          ).status,
        ).toBe(201);
      await a.t.drain();
      const zh = smtp.received.find((m) => m.to === 'zhang.san@example.com')!;
      expect(zh).toMatchObject({ subject: '您有新的待办：回访杭州西湖茶业', language: 'zh-CN' });
      expect(zh.text).toContain('AM 张三，您好：');
      expect(zh.text).toContain('打开收件箱: https://crm.example.com/inbox');
      const en = smtp.received.find((m) => m.to === 'li.si@example.com')!;
      expect(en).toMatchObject({ subject: 'New activity for you: 回访杭州西湖茶业', language: 'en' });
      expect(en.text).toContain('Hello AM 李四,');
      // Delivered again (at least once): no second mail.
      await a.t.kernel.database.db
        .updateTable('kehu_delivery')
        .set({ status: 'pending', attempts: 0 })
        .where('subscriber', '=', 'kernel:mail-notification')
        .execute();
      await a.t.drain();
      expect(smtp.received).toHaveLength(2);
    } finally {
      await a.close();
    }
  });

  it('sends one digest a day per user instead of a mail per notification', async () => {
    const a = await openArchive(db, { mail: mail(true) });
    try {
      await a.t.kernel.users.update(a.am.id, { email: 'zhang.san@example.com', language: 'en' });
      for (const subject of ['one', 'two', 'three'])
        await a.as(a.sm, '/api/v1/activities', { body: { type: 'todo', subject, assigneeId: a.am.id } });
      await a.t.drain();
      expect(smtp.received).toHaveLength(0);
      const [run] = await a.t.kernel.scheduler.runDue(
        new Date('2026-03-02T07:30:00.000Z'),
        'kernel.notifications.digest',
      );
      expect(run!.result).toEqual({ mails: 1, notifications: 3 });
      expect(smtp.received).toHaveLength(1);
      expect(smtp.received[0]!.subject).toBe('Kehu: 3 new notifications today');
      expect(smtp.received[0]!.text).toContain('- New activity for you: three');
      const again = await a.t.kernel.scheduler.runDue(
        new Date('2026-03-02T09:00:00.000Z'),
        'kernel.notifications.digest',
      );
      expect(again[0]!.status).toBe('skipped');
      // The inbox still shows them unread: mail does not mark them read.
      expect((await json(await a.as(a.am, '/api/v1/notifications/counts'))).unread).toBe(3);
    } finally {
      await a.close();
    }
  });
});
