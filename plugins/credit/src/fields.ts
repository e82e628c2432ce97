import { z } from '@kehu/core';

// The field types credit's schemas are made of, inputs and responses alike.

export const Id = z.string().min(1).max(64);
export const CustomerParams = z.object({ customerId: Id });
export const IdParams = z.object({ id: Id });
export const Currency = z.string().regex(/^[A-Z]{3}$/, 'An ISO 4217 code such as CNY');
/** Integer minor units (分/cents). */
export const Amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const PositiveAmount = Amount.min(1);
/** Integer minor units that can fall below zero (available credit). */
export const SignedAmount = z.number().int();
export const Score = z.number().min(0).max(100);
export const Reason = z.string().trim().min(1).max(2000);
export const Note = z.string().trim().min(1).max(2000).nullish();
export const IsoDate = z.iso.date();
/** An instant a client sends, with any offset. */
export const Instant = z.iso.datetime({ offset: true });
/** An ISO-8601 UTC instant (`toISOString()`), as credit answers it. */
export const Timestamp = z.iso.datetime();
export const DecisionBody = z.strictObject({ note: Note }).optional();
/** A list answered whole (a customer's records are few), as opposed to a cursor page. */
export const listOf = <S extends z.ZodType>(item: S) => z.object({ items: z.array(item) });
/** Text in English and Chinese, as factor and grade labels have. */
export const LabelsSchema = z.object({
  en: z.string().trim().min(1).max(100),
  'zh-CN': z.string().trim().min(1).max(100),
});
