import { workingCalendarSchema, z } from '@kehu/core';

const Currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY');

export const complaintsConfigSchema = z.object({
  /** The return visit (回访) is due this many company working days after the reply. */
  returnVisitWorkingDays: z.number().int().min(1).max(30).default(3),
  /**
   * Compensation and refunds above this amount (minor units, per currency) need a second user's
   * approval; a currency not listed always needs it.
   */
  compensationApprovalAbove: z.record(Currency, z.number().int().min(0)).default({ CNY: 50_000 }),
  /**
   * The working calendar until an administrator saves one (`PUT /calendar`): the company's time zone
   * and Monday–Friday 09:00–12:00, 13:00–18:00 when left out.
   */
  calendar: workingCalendarSchema.partial({ timeZone: true }).optional(),
  /** Systemic issues (普遍性判断): N complaints of one category and product/batch from ≥ M customers within W days. */
  systemic: z
    .object({
      complaints: z.number().int().min(2).max(1000).default(5),
      customers: z.number().int().min(1).max(1000).default(3),
      windowDays: z.number().int().min(1).max(365).default(30),
    })
    .default({ complaints: 5, customers: 3, windowDays: 30 }),
});

export type ComplaintsConfig = z.infer<typeof complaintsConfigSchema>;
