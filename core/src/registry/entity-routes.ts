import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import { forbidden, notFound } from '../errors.js';
import { pageOf } from '../http/list.js';
import type { CustomerScope, KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { EXPORT_TYPES, exportEntities } from './customer-export.js';
import {
  CustomerEntityParams,
  EntityExportQuery,
  EntityParams,
  EntityTypeParams,
  OptionalNoteBody,
  PageQuery,
  ReasonBody,
} from './customer-schemas.js';

/**
 * Kernel routes every plugin entity type with a table gets for free: its rows of a customer, export,
 * soft delete and restore — all under the customer access rule.
 */
export function entityRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { registry, customers } = kernel;
  const entity = (type: string) => {
    const def = registry.entityTypes.get(type);
    const store = registry.entityStores.get(type);
    if (!def || !store) throw notFound('Entity type', type);
    return { def, store };
  };
  /** The customer of the entity named by the path, for the router's access check. */
  const entityScope = (withDeleted: boolean): CustomerScope => ({
    param: 'entityId',
    access: 'change',
    record: {
      type: 'entity',
      async customerOf(id, params) {
        const store = registry.entityStores.get(params.type!);
        const row = store ? await store.find(id, { withDeleted }) : undefined;
        if (!store || !row) return undefined;
        return store.customerColumn ? String(row[store.customerColumn]) : null;
      },
      missing: (id, params) => notFound(registry.entityTypes.get(params.type!)?.labels.en ?? 'Entity', id),
    },
  });
  const mayDelete = (principal: Principal, permission: string) => {
    if (!principal.can(permission)) throw forbidden(permission);
  };
  /** The type's read permission (a credit evaluation needs `credit.read`), like a facet's. */
  const mayRead = (principal: Principal, def: { permission?: string | undefined }) => {
    if (def.permission && !principal.can(def.permission)) throw forbidden(def.permission);
  };

  router.get(
    '/entities/:type/export',
    {
      summary: "Export a plugin entity type's rows the caller may see (CSV with BOM, .xlsx, or JSON)",
      access: 'customers.export',
      params: EntityTypeParams,
      query: EntityExportQuery,
    },
    async (c, { params, query, principal }) => {
      const { def, store } = entity(params.type);
      mayRead(principal, def);
      if (query.customerId) await customers.requireVisible(principal, query.customerId);
      return c.body(exportEntities(store, def, principal, query), 200, {
        'Content-Type': EXPORT_TYPES[query.format],
        'Content-Disposition': `attachment; filename="${params.type}.${query.format}"`,
      });
    },
  );

  router.delete(
    '/entities/:type/:entityId',
    {
      summary: 'Soft-delete a plugin entity (restorable during the retention period)',
      access: 'authenticated',
      customer: entityScope(false),
      params: EntityParams,
      body: ReasonBody,
    },
    async (c, { params, body, principal }) => {
      const { def, store } = entity(params.type);
      mayDelete(principal, def.deletePermission ?? 'customers.delete');
      const row = await kernel.transaction(async (trx) => {
        await store.require(principal, params.entityId, trx);
        return store.softDelete(trx, principal, params.entityId, body.reason);
      });
      return c.json(row);
    },
  );

  router.post(
    '/entities/:type/:entityId/restore',
    {
      summary: 'Restore a soft-deleted plugin entity',
      access: 'authenticated',
      customer: entityScope(true),
      params: EntityParams,
      body: OptionalNoteBody,
    },
    async (c, { params, principal }) => {
      const { def, store } = entity(params.type);
      mayDelete(principal, def.deletePermission ?? 'customers.delete');
      const row = await kernel.transaction(async (trx) => {
        const found = await store.find(params.entityId, { trx, withDeleted: true });
        if (!found) throw notFound(def.labels.en, params.entityId);
        if (store.customerColumn)
          await customers.requireVisible(principal, String(found[store.customerColumn]), trx);
        return store.restore(trx, principal, params.entityId);
      });
      return c.json(row);
    },
  );

  router.get(
    '/:id/entities/:type',
    {
      summary: "A customer's rows of a plugin entity type, newest first",
      access: 'customers.read',
      params: CustomerEntityParams,
      query: PageQuery,
      responses: { 200: pageOf(z.record(z.string(), z.unknown())) },
    },
    async (c, { params, query, principal }) => {
      const { def, store } = entity(params.type);
      mayRead(principal, def);
      await customers.requireVisible(principal, params.id);
      return c.json(await store.listForCustomer(params.id, query));
    },
  );
}
