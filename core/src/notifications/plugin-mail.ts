import type { MailLanguage, RenderedMail } from './mail-templates.js';

/** A mail a plugin sends to an address outside the users (a customer's contact). */
export interface OutgoingMail {
  to: { address: string; name?: string | undefined };
  /** The recipient's language; the host's `mail.defaultLanguage` (else zh-CN) when null or absent. */
  language?: MailLanguage | null | undefined;
  /** Subject and plain text in each language; the recipient's is sent. */
  content: Record<MailLanguage, RenderedMail>;
}

/** The kernel's mailer as a plugin sees it (`ctx.mail`). */
export interface PluginMail {
  /** False when the host configured no `mail`: `send` then refuses. */
  readonly enabled: boolean;
  /**
   * Sends one mail through the host's SMTP server, from its sender, with `Content-Language` set.
   * Resolves with the language used; rejects when the server refuses it (retry from an event
   * subscriber to get the outbox's retries). Nothing of the content is logged.
   */
  send(mail: OutgoingMail): Promise<{ language: MailLanguage }>;
}
