import { z } from 'zod';
import type { Principal } from '../auth/principal.js';
import type { Trx } from '../db/database.js';
import { conflict, notFound } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { expectedVersion } from './customer-query.js';
import {
  CustomFieldBody,
  CustomFieldParams,
  CustomFieldPatchBody,
  CustomFieldSchema,
  OptionalNoteBody,
} from './customer-schemas.js';
import { isUniqueViolation } from './db-errors.js';

/**
 * `/customers/custom-fields`: fields a company adds to its customers without code. The type of a
 * field never changes; deleting a definition leaves stored values in place (re-creating the key brings
 * them back) but stops validating and filtering them.
 */
export function customFieldRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { fields } = kernel.customers;
  const audit = (
    trx: Trx,
    key: string,
    action: string,
    actor: Principal,
    changes?: Record<string, { from: unknown; to: unknown }>,
  ) =>
    kernel.audit.record(trx, {
      entityType: 'customField',
      entityId: key,
      action,
      actor,
      changes: changes ?? null,
    });

  router.get(
    '/custom-fields',
    {
      summary: 'Custom customer fields',
      access: 'customers.read',
      responses: { 200: z.object({ items: z.array(CustomFieldSchema) }) },
    },
    async (c) => c.json({ items: await fields.list(kernel.database.db) }),
  );

  router.post(
    '/custom-fields',
    {
      summary: 'Define a custom field',
      access: 'customers.customFields.manage',
      customer: false,
      body: CustomFieldBody,
      responses: { 201: CustomFieldSchema },
    },
    async (c, { body, principal }) => {
      const field = await kernel
        .transaction(async (trx) => {
          const created = await fields.create(trx, body);
          await audit(trx, created.key, 'create', principal, { definition: { from: null, to: body } });
          return created;
        })
        .catch((err) => {
          if (isUniqueViolation(err)) throw conflict('field_exists', `A custom field "${body.key}" exists`);
          throw err;
        });
      fields.invalidate();
      return c.json(field, 201);
    },
  );

  router.patch(
    '/custom-fields/:key',
    {
      summary: 'Change labels, rules or options of a custom field',
      access: 'customers.customFields.manage',
      customer: false,
      params: CustomFieldParams,
      body: CustomFieldPatchBody,
      responses: { 200: CustomFieldSchema },
    },
    async (c, { params, body, principal }) => {
      const { version, ...patch } = body;
      const expected = expectedVersion(c, version);
      const field = await kernel.transaction(async (trx) => {
        const before = await fields.get(params.key, trx);
        if (!before) throw notFound('Custom field', params.key);
        if (patch.options && before.type !== 'enum')
          throw conflict('not_enum', `Custom field ${params.key} is ${before.type}, not enum`);
        const after = await fields.update(trx, params.key, patch, expected);
        if (!after)
          throw conflict('stale_version', `Custom field ${params.key} was changed meanwhile`, {
            currentVersion: before.version,
          });
        await audit(trx, params.key, 'update', principal, { definition: { from: before, to: after } });
        return after;
      });
      fields.invalidate();
      return c.json(field);
    },
  );

  router.delete(
    '/custom-fields/:key',
    {
      summary: 'Remove a custom field definition',
      access: 'customers.customFields.manage',
      customer: false,
      params: CustomFieldParams,
      body: OptionalNoteBody,
      responses: { 204: { description: 'Removed' } },
    },
    async (c, { params, principal }) => {
      await kernel.transaction(async (trx) => {
        const before = await fields.get(params.key, trx);
        if (!before || !(await fields.remove(trx, params.key))) throw notFound('Custom field', params.key);
        await audit(trx, params.key, 'delete', principal, { definition: { from: before, to: null } });
      });
      fields.invalidate();
      return c.body(null, 204);
    },
  );
}
