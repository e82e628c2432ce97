import { z } from '@kehu/core';
import { INDICATOR_KINDS, INDICATOR_STEPS, SYSTEM_STATUSES } from '../indicator-systems.js';

export const Id = z.string().min(1).max(64);
export const IdParams = z.object({ id: Id });
export const DateString = z.iso.date();
export const Bilingual = z.strictObject({
  'zh-CN': z.string().trim().min(1).max(500),
  en: z.string().trim().min(1).max(500),
});
export const Reason = z.string().trim().min(1).max(2000);
export const Language = z.enum(['zh-CN', 'en']);

export const IndicatorSchema = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string(),
  level: z.number().int(),
  position: z.number().int(),
  name: z.object({ 'zh-CN': z.string(), en: z.string() }),
  kind: z.enum(INDICATOR_KINDS),
  step: z.enum(INDICATOR_STEPS),
  localWeight: z.number().nullable(),
  globalWeight: z.number().nullable(),
  leaf: z.boolean(),
});

export const WeightGroupSchema = z.object({
  parentId: z.string().nullable(),
  method: z.enum(['entered', 'ahp']),
  indicatorIds: z.array(z.string()),
  matrix: z.array(z.array(z.number())).nullable(),
  lambdaMax: z.number().nullable(),
  ci: z.number().nullable(),
  cr: z.number().nullable(),
  acceptedReason: z.string().nullable(),
});

export const SystemSummarySchema = z.object({
  id: z.string(),
  familyId: z.string(),
  version: z.number().int(),
  name: z.string(),
  status: z.enum(SYSTEM_STATUSES),
  createdAt: z.string(),
  publishedAt: z.string().nullable(),
});

export const SystemSchema = SystemSummarySchema.extend({
  description: z.string().nullable(),
  indicators: z.array(IndicatorSchema),
  groups: z.array(WeightGroupSchema),
  unweighted: z.array(z.string().nullable()),
});

export const AhpSchema = z.object({
  weights: z.array(z.number()),
  lambdaMax: z.number(),
  ci: z.number(),
  cr: z.number().nullable(),
  consistent: z.boolean(),
  limit: z.number(),
});

export const Matrix = z
  .array(z.array(z.number().positive().max(9)))
  .min(1)
  .max(10);

/** A figure and how many answers it rests on. */
export const FigureSchema = z.object({ value: z.number().nullable(), n: z.number().int() });

export const ValidationSchema = z.object({
  systemId: z.string(),
  responses: z.number().int(),
  overallQuestion: z.boolean(),
  threshold: z.number(),
  indicators: z.array(
    z.object({
      indicatorId: z.string(),
      code: z.string(),
      answered: z.number().int(),
      responseRate: z.number().nullable(),
      correlation: z.number().nullable(),
      weak: z.boolean(),
    }),
  ),
});
