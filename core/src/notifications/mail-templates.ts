import type { Notification } from './notification-store.js';

export type MailLanguage = 'en' | 'zh-CN';
export const MAIL_LANGUAGES = ['en', 'zh-CN'] as const;

export interface RenderedMail {
  subject: string;
  text: string;
}

const KIND: Record<string, Record<MailLanguage, string>> = {
  'activity.assigned': { en: 'New activity for you', 'zh-CN': '您有新的待办' },
  'activity.escalated': { en: 'Overdue activity escalated to you', 'zh-CN': '逾期待办已升级给您' },
};

const COPY = {
  en: {
    single: (kind: string, title: string) => `${kind}: ${title}`,
    digest: (n: number) => `Kehu: ${n} new notification${n === 1 ? '' : 's'} today`,
    greeting: (name: string) => `Hello ${name},`,
    open: 'Open your inbox',
    footer: 'You receive this because of your Kehu notification settings.',
  },
  'zh-CN': {
    single: (kind: string, title: string) => `${kind}：${title}`,
    digest: (n: number) => `客户系统：今日共有 ${n} 条新通知`,
    greeting: (name: string) => `${name}，您好：`,
    open: '打开收件箱',
    footer: '您收到此邮件，是因为您在客户系统中的通知设置。',
  },
} satisfies Record<MailLanguage, unknown>;

/** The label of a notification kind (`activity.assigned`, a subscribed event) in the language. */
export function kindLabel(
  kind: string,
  language: MailLanguage,
  eventLabels?: Record<string, Record<MailLanguage, string>>,
): string {
  return KIND[kind]?.[language] ?? eventLabels?.[kind]?.[language] ?? kind;
}

function line(n: Notification, language: MailLanguage, labels: Parameters<typeof kindLabel>[2]): string {
  const due =
    typeof n.data?.dueAt === 'string' ? ` (${language === 'zh-CN' ? '截止' : 'due'} ${n.data.dueAt})` : '';
  return `- ${kindLabel(n.kind, language, labels)}: ${n.title}${due}`;
}

/**
 * One notification's mail, or a digest of several, in the recipient's language. Plain text: the mail
 * points to the inbox, where the details are.
 */
export function renderMail(
  notifications: readonly Notification[],
  recipient: { name: string; language: MailLanguage },
  options: { inboxUrl?: string | undefined; eventLabels?: Record<string, Record<MailLanguage, string>> } = {},
): RenderedMail {
  const copy = COPY[recipient.language];
  const first = notifications[0]!;
  const subject =
    notifications.length === 1
      ? copy.single(kindLabel(first.kind, recipient.language, options.eventLabels), first.title)
      : copy.digest(notifications.length);
  const body = [
    copy.greeting(recipient.name),
    '',
    ...notifications.map((n) => line(n, recipient.language, options.eventLabels)),
    '',
    ...(options.inboxUrl ? [`${copy.open}: ${options.inboxUrl}`, ''] : []),
    copy.footer,
  ];
  return { subject, text: body.join('\n') };
}
