import { z } from '@kehu/core';
import { Currency } from '../config.js';

export const Id = z.string().min(1).max(64);
export const CustomerParams = z.object({ customerId: Id });
export const IdParams = z.object({ id: Id });
/** Integer minor units (分/cents). */
export const Amount = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const PositiveAmount = Amount.min(1);
export { Currency };
export const Reason = z.string().trim().min(1).max(2000);
export const Note = z.string().trim().min(1).max(2000).nullish();
export const IsoDate = z.iso.date();
export const Instant = z.iso.datetime({ offset: true });
export const DecisionBody = z.strictObject({ note: Note }).optional();
export const Status = z.enum(['pending', 'approved', 'rejected', 'superseded']);
