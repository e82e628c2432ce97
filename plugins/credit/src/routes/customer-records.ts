import type { z } from '@kehu/core';
import { CustomerParams, listOf } from '../fields.js';
import { P } from '../permissions.js';
import type { CreditRuntime } from '../runtime.js';

/** What one customer-records route lists: its path under the customer, its item and how to read them. */
export interface CustomerRecords<S extends z.ZodType, Q extends z.ZodObject | undefined> {
  /** Below `/customers/:customerId/`: `holds`. */
  path: string;
  summary: string;
  item: S;
  query?: Q;
  list(customerId: string, query: Q extends z.ZodObject ? z.output<Q> : undefined): Promise<z.input<S>[]>;
}

/**
 * `GET /customers/:customerId/<path>`: the customer's records of one kind, answered whole as
 * `{ items }` (a customer has few), to whoever may see the customer; 404 alike for one they may not
 * see and one that does not exist.
 */
export function customerRecordsRoute<S extends z.ZodType, Q extends z.ZodObject | undefined = undefined>(
  rt: CreditRuntime,
  spec: CustomerRecords<S, Q>,
): void {
  const { router, customers } = rt.ctx;
  const ListSchema = listOf(spec.item);
  router.get(
    `/customers/:customerId/${spec.path}`,
    {
      summary: spec.summary,
      access: P.read,
      params: CustomerParams,
      ...(spec.query ? { query: spec.query } : {}),
      responses: { 200: ListSchema },
      tags: ['credit'],
    },
    async (c, { params, query, principal }) => {
      await customers.requireVisible(principal, params.customerId);
      const items = await spec.list(params.customerId, query as Parameters<typeof spec.list>[1]);
      // The compiler cannot match a body against a schema still generic here; `list` is checked
      // against the item schema instead, where each route is declared.
      return c.json({ items }) as Response;
    },
  );
}
