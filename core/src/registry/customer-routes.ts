import { z } from 'zod';
import { ProblemError } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import { newId } from '../ids.js';
import type { Kernel } from '../kernel.js';
import { customerRow, toCustomer, type Customer } from './customer-service.js';
import { CustomerInputSchema, CustomerSchema, IncludeQuery } from './customer-schemas.js';

const Params = z.object({ id: z.string().min(1).max(64) });

export function parseInclude(kernel: Kernel, include: string | undefined): string[] {
  if (!include) return [];
  const names = [...new Set(include.split(',').map((s) => s.trim()).filter(Boolean))];
  const unknown = names.filter((n) => !kernel.registry.facets.has(n));
  if (unknown.length > 0) {
    throw new ProblemError({
      status: 400,
      code: 'unknown_facet',
      detail: `Unknown facet: ${unknown.join(', ')}. Available: ${[...kernel.registry.facets.keys()].join(', ') || 'none'}`,
      errors: [{ path: 'query.include', message: `Unknown facet: ${unknown.join(', ')}` }],
    });
  }
  return names;
}

/** `/api/v1/customers`: the customer archive. */
export function customerRoutes(router: KehuRouter, kernel: Kernel): void {
  const { customers } = kernel;
  const withFacets = async (list: Customer[], include: string[]) => {
    if (include.length === 0) return list;
    const facets = await customers.loadFacets(list.map((c) => c.id), include);
    return list.map((c) => ({ ...c, facets: facets.get(c.id) }));
  };

  router.post('/', { summary: 'Create a customer', access: 'customers.create', body: CustomerInputSchema, responses: { 201: CustomerSchema } }, async (c, { body, principal }) => {
    const customer = await kernel.transaction(async (trx) => {
      const now = kernel.clock.now().toISOString();
      const id = newId();
      const ownerId = body.ownerId === undefined && principal.hasRole('account_manager') ? principal.id : (body.ownerId ?? null);
      if (ownerId && !(await kernel.users.get(ownerId, trx))) {
        throw new ProblemError({ status: 422, code: 'unknown_owner', detail: `User ${ownerId} does not exist`, errors: [{ path: 'body.ownerId', message: 'Unknown user' }] });
      }
      const row = customerRow({ ...body, ownerId }, id, body.code ?? (await customers.nextCode(trx)), now);
      await trx.insertInto('customer').values(row).execute();
      const created = toCustomer(row);
      await kernel.audit.record(trx, { entityType: 'customer', entityId: id, customerId: id, action: 'create', actor: principal });
      await kernel.hooks.emit(trx, 'customer.created', { customer: created, actorId: principal.id });
      return created;
    });
    return c.json(customer, 201);
  });

  router.get('/:id', { summary: 'One customer with the facets asked for', access: 'customers.read', params: Params, query: IncludeQuery, responses: { 200: CustomerSchema } }, async (c, { params, query, principal }) => {
    const include = parseInclude(kernel, query.include);
    const customer = await customers.requireVisible(principal, params.id);
    const [out] = await withFacets([customer], include);
    return c.json(out);
  });

  router.get(
    '/',
    {
      summary: 'List the customers the caller may see',
      access: 'customers.read',
      query: IncludeQuery.extend({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(64).optional() }),
    },
    async (c, { query, principal }) => {
      const include = parseInclude(kernel, query.include);
      let q = kernel.database.db.selectFrom('customer').selectAll().where('deleted_at', 'is', null).orderBy('id').limit(query.limit);
      const visible = customers.visibilityFilter(principal);
      if (visible) q = q.where(visible);
      if (query.cursor) q = q.where('id', '>', query.cursor);
      const rows = (await q.execute()).map(toCustomer);
      return c.json({ items: await withFacets(rows, include), nextCursor: rows.length === query.limit ? rows.at(-1)!.id : null });
    },
  );
}
