import { z } from 'zod';
import { CHAIN_POSITIONS, CUSTOMER_KINDS, CUSTOMER_STATUSES } from './customer-service.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const CustomerInputSchema = z.strictObject({
  code: z.string().trim().min(1).max(64).regex(/^[A-Za-z0-9._-]+$/, 'Letters, digits, dot, dash and underscore only').optional(),
  name: text(300),
  kind: z.enum(CUSTOMER_KINDS).optional(),
  internal: z.boolean().optional(),
  chainPosition: z.enum(CHAIN_POSITIONS).optional(),
  status: z.enum(CUSTOMER_STATUSES).exclude(['terminated']).optional(),
  region: text(100).nullish(),
  industry: text(100).nullish(),
  address: text(1000).nullish(),
  phone: z.string().trim().min(3).max(50).regex(/^[+0-9()\s\-－０-９]+$/, 'Digits, spaces, +, - and parentheses only').nullish(),
  email: z.email().max(320).nullish(),
  legalRepresentative: text(200).nullish(),
  source: text(100).nullish(),
  ownerId: z.string().min(1).max(32).nullish(),
  tags: z.array(text(50)).max(50).optional(),
  custom: z.record(z.string(), z.unknown()).optional(),
});

export const CustomerSchema = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  kind: z.enum(CUSTOMER_KINDS),
  internal: z.boolean(),
  chainPosition: z.enum(CHAIN_POSITIONS),
  status: z.enum(CUSTOMER_STATUSES),
  region: z.string().nullable(),
  industry: z.string().nullable(),
  address: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  source: z.string().nullable(),
  ownerId: z.string().nullable(),
  tags: z.array(z.string()),
  custom: z.record(z.string(), z.unknown()),
  doNotContact: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  deletedAt: z.string().nullable(),
  facets: z.record(z.string(), z.unknown()).optional(),
});

export const IncludeQuery = z.object({
  include: z.string().max(500).optional().describe('Comma-separated facet names, e.g. `credit,receivables`'),
});
