import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { ProblemError } from '../errors.js';
import { pageOf } from '../http/list.js';
import { responseHeader } from '../http/node-request.js';
import type { KehuRouter } from '../http/router.js';
import { accessGrantRoutes } from './access-grant-routes.js';
import type { ArchiveKernel } from './archive-kernel.js';
import {
  changeRequestRoutes,
  customerChangeRequestRoutes,
  PendingChangeSchema,
} from './change-request-routes.js';
import { communicationRoutes } from './communication-routes.js';
import { contactRoutes } from './contact-routes.js';
import { contractDocumentRoutes } from './contract-document-routes.js';
import { customFieldRoutes } from './custom-field-routes.js';
import { customerFilterOf, etag, expectedVersion, parseInclude } from './customer-query.js';
import type { Customer } from './customer-record.js';
import {
  CreateCustomerBody,
  CustomerSchema,
  IdParams,
  IncludeQuery,
  ListQuery,
  MergeBody,
  OptionalNoteBody,
  OwnerBody,
  PageQuery,
  ReasonBody,
  TimelineSchema,
  UpdateCustomerBody,
} from './customer-schemas.js';
import { customerValueRoute, customerValueRoutes } from './customer-value-routes.js';
import { discountNoteRoutes, discountQueueRoutes } from './discount-note-routes.js';
import { entityRoutes } from './entity-routes.js';
import { transferRoutes } from './transfer-routes.js';

export { parseInclude } from './customer-query.js';

const ListSchema = pageOf(CustomerSchema);

/**
 * `/api/v1/customers`: the customer archive. Also defines the daily retention purge job. Routes with
 * a fixed first segment (`/export`, `/custom-fields`, …) are registered before `/:id` so they win.
 */
export function customerRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  customFieldRoutes(router, kernel);
  accessGrantRoutes(router, kernel);
  transferRoutes(router, kernel);
  entityRoutes(router, kernel);
  changeRequestRoutes(router, kernel);
  discountQueueRoutes(router, kernel);
  customerValueRoutes(router, kernel);
  archiveRoutes(router, kernel);
  customerChangeRequestRoutes(router, kernel);
  contractDocumentRoutes(router, kernel);
  discountNoteRoutes(router, kernel);
  customerValueRoute(router, kernel);
  contactRoutes(router, kernel);
  communicationRoutes(router, kernel);
  kernel.scheduler.define('kernel', {
    name: 'customers.purge',
    period: 'day',
    run: ({ at }) => kernel.customers.purgeExpired(at),
  });
  kernel.scheduler.define('kernel', {
    name: 'customers.contractReminders',
    period: 'day',
    run: () => kernel.contracts.remindExpiring(),
  });
  kernel.scheduler.define('kernel', {
    name: 'customers.value',
    period: 'day',
    run: () => kernel.transaction((trx) => kernel.values.refresh(trx)),
  });
}

function archiveRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { customers } = kernel;
  const withFacets = async (list: Customer[], include: string[], principal: Principal) => {
    if (include.length === 0) return list;
    const facets = await customers.loadFacets(
      list.map((c) => c.id),
      include,
      customers.db,
      principal,
      list,
    );
    return list.map((c) => ({ ...c, facets: facets.get(c.id) }));
  };

  router.post(
    '/',
    {
      summary: 'Create a customer',
      description:
        'A customer whose normalised name, phone digits or email matches a live one is a 409 `duplicate_customer` naming the match, unless `force` is true.',
      access: 'customers.create',
      customer: false,
      body: CreateCustomerBody,
      responses: { 201: CustomerSchema },
    },
    async (c, { body, principal }) => {
      const { force, ...input } = body;
      const customer = await customers.create(input, { actor: principal, force });
      responseHeader(c, 'ETag', etag(customer.version));
      return c.json(customer, 201);
    },
  );

  router.get(
    '/',
    {
      summary: 'List the customers the caller may see',
      access: 'customers.read',
      query: ListQuery,
      responses: { 200: ListSchema },
    },
    async (c, { query, principal }) => {
      const include = parseInclude(kernel, query.include, principal);
      const filter = await customerFilterOf(kernel, principal, query);
      const page = await customers.list(principal, filter, {
        limit: query.limit,
        cursor: query.cursor,
        sort: query.sort,
      });
      return c.json({ items: await withFacets(page.items, include, principal), nextCursor: page.nextCursor });
    },
  );

  router.get(
    '/:id',
    {
      summary: 'One customer with the facets asked for',
      access: 'customers.read',
      params: IdParams,
      query: IncludeQuery,
      responses: { 200: CustomerSchema },
    },
    async (c, { params, query, principal }) => {
      const include = parseInclude(kernel, query.include, principal);
      // The kernel's facets come with the customer's own statement.
      const customer = await customers.requireVisible(principal, params.id, customers.db, {
        facets: include,
      });
      // The read's own object gets its facets: no copy of the customer per request.
      const out: Customer & { facets?: Record<string, unknown> | undefined } = customer;
      if (include.length > 0)
        out.facets = (
          await customers.loadFacets([customer.id], include, customers.db, principal, [customer])
        ).get(customer.id);
      responseHeader(c, 'ETag', etag(customer.version));
      return c.json(out);
    },
  );

  router.patch(
    '/:id',
    {
      summary: 'Change a customer',
      description:
        'Needs the version read (`version` or `If-Match`) and, unless the host turned it off, a `reason`. A stale version is a 409 and changes nothing. The owner has its own action. When the company puts the edited field group under approval, the edit is checked and becomes a pending change request: 202 with it.',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: UpdateCustomerBody,
      responses: { 200: CustomerSchema, 202: PendingChangeSchema },
    },
    async (c, { params, body, principal }) => {
      const { reason, version, force, ...patch } = body;
      const expected = expectedVersion(c, version);
      if (expected === undefined) {
        // Without the version read, a lost update cannot be detected: insist on it.
        await customers.requireVisible(principal, params.id);
        throw new ProblemError({
          status: 428,
          code: 'version_required',
          detail: 'Send the version you read, as "version" in the body or If-Match',
          errors: [{ path: 'body.version', message: 'Required' }],
        });
      }
      if (kernel.changeRequests.enabled) {
        const changeRequest = await kernel.changeRequests.request(params.id, 'update', {
          actor: principal,
          reason,
          expectedVersion: expected,
          patch,
          force,
        });
        if (changeRequest) return c.json({ changeRequest }, 202);
      }
      const customer = await customers.update(params.id, patch, {
        actor: principal,
        reason,
        expectedVersion: expected,
        force,
      });
      responseHeader(c, 'ETag', etag(customer.version));
      return c.json(customer);
    },
  );

  router.delete(
    '/:id',
    {
      summary: 'Delete a customer (soft; restorable during the retention period)',
      description:
        'When the company puts deletion under approval, the deletion is checked (open items) and becomes a pending change request: 202 with it; approval deletes.',
      access: 'customers.delete',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: ReasonBody,
      responses: { 200: CustomerSchema, 202: PendingChangeSchema },
    },
    async (c, { params, body, principal }) => {
      const o = { actor: principal, reason: body.reason, expectedVersion: expectedVersion(c, body.version) };
      if (kernel.changeRequests.deleteNeedsApproval) {
        const changeRequest = await kernel.changeRequests.request(params.id, 'delete', o);
        if (changeRequest) return c.json({ changeRequest }, 202);
      }
      return c.json(await customers.softDelete(params.id, o));
    },
  );

  router.post(
    '/:id/restore',
    {
      summary: 'Restore a deleted customer',
      access: 'customers.delete',
      customer: { param: 'id', access: 'change', withDeleted: true },
      params: IdParams,
      body: OptionalNoteBody,
      responses: { 200: CustomerSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await customers.restore(params.id, { actor: principal, reason: body?.reason })),
  );

  router.post(
    '/:id/terminate',
    {
      summary: 'End the relationship: kept, terminated and do-not-contact',
      description:
        'Refused with 409 `open_items` while a plugin reports open items (unpaid invoices, open complaints…).',
      access: 'customers.terminate',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: ReasonBody,
      responses: { 200: CustomerSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(
        await customers.terminate(params.id, {
          actor: principal,
          reason: body.reason,
          expectedVersion: expectedVersion(c, body.version),
        }),
      ),
  );

  router.post(
    '/:id/owner',
    {
      summary: 'Change the account manager, with a reason',
      description:
        'When the company puts the owner under approval, the change becomes a pending change request: 202 with it.',
      access: 'customers.assignOwner',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: OwnerBody,
      responses: { 200: CustomerSchema, 202: PendingChangeSchema },
    },
    async (c, { params, body, principal }) => {
      const o = { actor: principal, reason: body.reason, expectedVersion: expectedVersion(c, body.version) };
      if (kernel.changeRequests.needsApproval(['owner'])) {
        const changeRequest = await kernel.changeRequests.request(params.id, 'owner', {
          ...o,
          ownerId: body.ownerId,
        });
        if (changeRequest) return c.json({ changeRequest }, 202);
      }
      return c.json(await customers.changeOwner(params.id, body.ownerId, o));
    },
  );

  router.post(
    '/:id/merge',
    {
      summary: 'Merge a duplicate into this customer',
      description:
        'Moves contacts, communications and plugin data of `sourceId` here; the source is deleted and its history stays on this timeline.',
      access: 'customers.merge',
      customer: [
        { param: 'id', access: 'change' },
        { body: 'sourceId', access: 'change' },
      ],
      params: IdParams,
      body: MergeBody,
      responses: { 200: CustomerSchema },
    },
    async (c, { params, body, principal }) =>
      c.json(await customers.merge(params.id, body.sourceId, { actor: principal, reason: body.reason })),
  );

  router.get(
    '/:id/timeline',
    {
      summary: 'Communications, audited changes and plugin items, newest first',
      access: 'customers.read',
      params: IdParams,
      query: PageQuery,
      responses: { 200: TimelineSchema },
    },
    async (c, { params, query, principal }) => {
      await customers.requireVisible(principal, params.id);
      return c.json(await customers.timeline(params.id, query, principal));
    },
  );
}
