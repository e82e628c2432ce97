import nodemailer from 'nodemailer';
import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/database.js';
import type { Logger } from '../logger.js';
import { type MailLanguage, type RenderedMail, renderMail } from './mail-templates.js';
import { toNotification } from './notification-store.js';
import type { OutgoingMail } from './plugin-mail.js';

/** Host configuration of notification mail (`createKernel({ mail })`, `defineConfig({ mail })`). */
export interface MailOptions {
  /** The SMTP server, as nodemailer's SMTP transport takes it. */
  smtp: {
    host: string;
    port: number;
    /** TLS from the start (port 465); otherwise STARTTLS when the server offers it. */
    secure?: boolean;
    auth?: { user: string; pass: string };
    ignoreTLS?: boolean;
    requireTLS?: boolean;
  };
  /** The sender, e.g. `"Kehu" <kehu@example.com>`. */
  from: string;
  /** One mail per user per day listing the day's notifications, instead of one per notification. */
  digest?: boolean;
  /** Hour of the company's day (its time zone) from which the daily digest goes out. Default 7. */
  digestHour?: number;
  /** Language of users who have not chosen one. Default `zh-CN`. */
  defaultLanguage?: MailLanguage;
  /** A link to the inbox, put in every mail. */
  inboxUrl?: string;
}

const DIGEST_LIMIT = 200;

/** Sends notifications to users' addresses through SMTP, one at a time or as a daily digest. */
export class NotificationMailer {
  private readonly transport: nodemailer.Transporter;

  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    private readonly logger: Logger,
    readonly options: MailOptions,
    private readonly eventLabels: () => Record<string, Record<MailLanguage, string>>,
  ) {
    this.transport = nodemailer.createTransport({ ...options.smtp });
  }

  private async recipient(userId: string) {
    const u = await this.db
      .selectFrom('kehu_user')
      .select(['id', 'name', 'email', 'language', 'active'])
      .where('id', '=', userId)
      .executeTakeFirst();
    if (!u || !u.email || Number(u.active) !== 1) return undefined;
    const language: MailLanguage =
      u.language === 'en' || u.language === 'zh-CN' ? u.language : (this.options.defaultLanguage ?? 'zh-CN');
    return { name: u.name as string, email: u.email as string, language };
  }

  private async markMailed(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('kehu_notification')
      .set({ mailed_at: this.clock.now().toISOString() })
      .where('id', 'in', ids)
      .execute();
  }

  /** Mails one notification unless it went out already (the outbox delivers at least once). */
  async sendOne(notificationId: string): Promise<void> {
    const row = await this.db
      .selectFrom('kehu_notification')
      .selectAll()
      .where('id', '=', notificationId)
      .where('mailed_at', 'is', null)
      .executeTakeFirst();
    if (!row) return;
    const n = toNotification(row);
    const to = await this.recipient(n.userId);
    if (to) await this.send(to, [n]);
    await this.markMailed([n.id]);
  }

  /** One mail per user with notifications not yet mailed before `at`. */
  async sendDigests(at: Date): Promise<{ mails: number; notifications: number }> {
    const before = at.toISOString();
    const users = await this.db
      .selectFrom('kehu_notification')
      .select('user_id')
      .distinct()
      .where('mailed_at', 'is', null)
      .where('created_at', '<', before)
      .execute();
    let mails = 0;
    let notifications = 0;
    for (const { user_id } of users) {
      const rows = await this.db
        .selectFrom('kehu_notification')
        .selectAll()
        .where('user_id', '=', user_id)
        .where('mailed_at', 'is', null)
        .where('created_at', '<', before)
        .orderBy('created_at')
        .orderBy('id')
        .limit(DIGEST_LIMIT)
        .execute();
      const items = rows.map(toNotification);
      const to = await this.recipient(user_id);
      if (to && items.length > 0) {
        await this.send(to, items);
        mails++;
        notifications += items.length;
      }
      await this.markMailed(items.map((n) => n.id));
    }
    return { mails, notifications };
  }

  private async send(
    to: { name: string; email: string; language: MailLanguage },
    items: Parameters<typeof renderMail>[0],
  ): Promise<void> {
    const mail = renderMail(items, to, { inboxUrl: this.options.inboxUrl, eventLabels: this.eventLabels() });
    await this.deliver({ name: to.name, address: to.email }, to.language, mail);
    this.logger.info('notification mail sent', { notifications: items.length });
  }

  /**
   * One mail to any address, in the recipient's language (the host's default when unknown), for a
   * plugin that writes to customers. Never logs the content: it may carry a link's secret.
   */
  async sendTo(plugin: string, mail: OutgoingMail): Promise<{ language: MailLanguage }> {
    const language = mail.language ?? this.options.defaultLanguage ?? 'zh-CN';
    await this.deliver(mail.to, language, mail.content[language]);
    this.logger.info('mail sent', { plugin, language });
    return { language };
  }

  private async deliver(
    to: { name?: string | undefined; address: string },
    language: MailLanguage,
    mail: RenderedMail,
  ): Promise<void> {
    await this.transport.sendMail({
      from: this.options.from,
      to: to.name ? { name: to.name, address: to.address } : to.address,
      subject: mail.subject,
      text: mail.text,
      headers: { 'Content-Language': language },
    });
  }

  close(): void {
    this.transport.close();
  }
}
