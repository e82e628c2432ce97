import { isCurrency, z } from '@kehu/core';

const currency = z.string().refine(isCurrency, 'Not an ISO 4217 currency code');

/** Validated at boot; a bad value is a boot error naming `config.<field>`. */
export const receivablesConfigSchema = z
  .object({
    /** Credit-term ceiling (账期上限): a longer term is refused with 422. */
    maxTermDays: z.number().int().min(0).max(365).default(30),
    /**
     * The longest term an approved extension (延期还款) may give, from the issue date to the new due
     * date; above it only with an explicit approval above the ceiling.
     */
    maxExtendedTermDays: z.number().int().min(0).max(3650).default(60),
    /** Term used when an invoice names none. */
    defaultTermDays: z.number().int().min(0).max(365).default(30),
    defaultCurrency: currency.default('CNY'),
    /** When set, only these currencies are accepted. */
    currencies: z.array(currency).min(1).optional(),
    /** Upper bounds (days overdue) of the ageing buckets after "not yet due"; the last bucket is open-ended. */
    ageingBuckets: z
      .array(z.number().int().min(1).max(3650))
      .min(1)
      .max(12)
      .refine((b) => b.every((v, i) => i === 0 || v > b[i - 1]!), 'Bucket bounds must increase')
      .default([30, 60, 90]),
    /** Day of the month the mid-month warning (预警) job runs. */
    warningDay: z.number().int().min(1).max(28).default(15),
    /** Day of the following month from which statements (往来对账) are generated; by the 10th. */
    statementDay: z.number().int().min(1).max(10).default(1),
    invoicePrefix: z
      .string()
      .regex(/^[A-Z0-9]{1,10}$/, 'Upper-case letters and digits')
      .default('INV'),
    /** How long a customer's link (a statement to confirm, a collection notice) stays valid. */
    confirmationLinkDays: z.number().int().min(1).max(365).default(60),
    /** Write-offs this many days after a handover are charged to the predecessor. */
    handoverLiabilityDays: z.number().int().min(1).max(3650).default(90),
    /** Window of sales that DSO is measured against. */
    dsoWindowDays: z.number().int().min(7).max(730).default(90),
    /**
     * Days the responsible person has to act on a reconciliation reminder (an unconfirmed statement,
     * a dispute open over two months) before its activity is overdue and the sales manager is told.
     */
    reminderDueDays: z.number().int().min(0).max(90).default(3),
    /**
     * Where customers reach this server, e.g. `https://crm.example.com`: links in mails to customers
     * start with it. Required when the host configures mail and a dunning level mails the customer.
     */
    publicUrl: z
      .url({ protocol: /^https?$/, error: 'An http(s) address' })
      .transform((u) => u.replace(/\/+$/, ''))
      .optional(),
    /**
     * Dunning (催收): levels by days the oldest overdue invoice of an account (customer × currency) is
     * overdue, each raising a collection follow-up for the responsible person; `mailCustomer` also
     * mails the customer's contact a collection notice with a link to the account. A promise to pay
     * holds dunning for at most `maxPromiseDays`.
     */
    dunning: z
      .object({
        levels: z
          .array(
            z.object({
              days: z.number().int().min(1).max(3650),
              name: z.string().trim().min(1).max(100),
              mailCustomer: z.boolean().default(false),
            }),
          )
          .min(1)
          .max(10)
          .refine((l) => l.every((v, i) => i === 0 || v.days > l[i - 1]!.days), 'Level days must increase'),
        maxPromiseDays: z.number().int().min(1).max(365).default(30),
      })
      .default({
        levels: [
          { days: 1, name: '首次提醒', mailCustomer: false },
          { days: 15, name: '二次催收', mailCustomer: true },
          { days: 30, name: '最后通知', mailCustomer: true },
        ],
        maxPromiseDays: 30,
      }),
    /** Customers per chunk of a streamed ageing export; each chunk is one short query. */
    exportChunkCustomers: z.number().int().min(10).max(50_000).default(250),
  })
  .refine((c) => c.maxExtendedTermDays >= c.maxTermDays, {
    message: 'maxExtendedTermDays is below maxTermDays',
    path: ['maxExtendedTermDays'],
  })
  .refine((c) => c.defaultTermDays <= c.maxTermDays, {
    message: 'defaultTermDays exceeds maxTermDays',
    path: ['defaultTermDays'],
  });

export type ReceivablesConfig = z.output<typeof receivablesConfigSchema>;
