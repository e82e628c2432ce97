import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** A mail the test server received, parsed. */
export interface ReceivedMail {
  to: string;
  subject: string;
  text: string;
  /** The `Content-Language` header: the language the mail was written in. */
  language: string | undefined;
}

export interface SmtpTestServer {
  /** Every mail received so far, in order. */
  readonly received: ReceivedMail[];
  readonly port: number;
  /** The `mail` host option that sends to this server. */
  mailOptions(options?: { from?: string; digest?: boolean; inboxUrl?: string }): {
    smtp: { host: string; port: number; secure: boolean; ignoreTLS: boolean };
    from: string;
    digest?: boolean;
    inboxUrl?: string;
  };
  close(): Promise<void>;
}

/**
 * A real SMTP server on 127.0.0.1 (port 0), in this process, keeping what it receives: tests assert
 * the mail a user or a customer would get. Its own entry point (`@kehu/core/testing/smtp`) so
 * that only suites that send mail load `smtp-server` and `mailparser`.
 */
export async function smtpTestServer(): Promise<SmtpTestServer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            to: (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? '',
            subject: mail.subject ?? '',
            text: mail.text ?? '',
            language: mail.headers.get('content-language') as string | undefined,
          });
          done();
        })
        .catch(done);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    received,
    port,
    mailOptions: ({ from = '"Kehu" <kehu@example.com>', ...rest } = {}) => ({
      smtp: { host: '127.0.0.1', port, secure: false, ignoreTLS: true },
      from,
      ...rest,
    }),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
