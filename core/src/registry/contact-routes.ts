import { z } from 'zod';
import { conflict } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { expectedVersion } from './customer-query.js';
import {
  ContactBody,
  ContactParams,
  ContactPatchBody,
  ContactSchema,
  IdParams,
  OptionalNoteBody,
} from './customer-schemas.js';
import { isUniqueViolation } from './db-errors.js';

/** Races on the one-primary rule end at the database's unique index: report them as a conflict. */
const primaryRace = (err: unknown): never => {
  if (isUniqueViolation(err))
    throw conflict(
      'primary_contact_conflict',
      'Another primary contact was set at the same time; reload and try again',
    );
  throw err;
};

/** `/customers/:id/contacts`: people at the customer; at most one primary. */
export function contactRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { customers } = kernel;

  router.get(
    '/:id/contacts',
    {
      summary: "The customer's contacts, primary first",
      access: 'customers.read',
      params: IdParams,
      responses: { 200: z.object({ items: z.array(ContactSchema) }) },
    },
    async (c, { params, principal }) => {
      await customers.requireVisible(principal, params.id);
      return c.json({ items: await customers.contacts.list(params.id) });
    },
  );

  router.post(
    '/:id/contacts',
    {
      summary: 'Add a contact',
      description:
        'The first contact becomes primary; `primary: true` moves the primary flag to the new contact.',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: IdParams,
      body: ContactBody,
      responses: { 201: ContactSchema },
    },
    async (c, { params, body, principal }) => {
      const contact = await kernel
        .transaction(async (trx) => {
          await customers.requireEditable(principal, params.id, trx);
          return customers.contacts.add(trx, params.id, body, principal);
        })
        .catch(primaryRace);
      return c.json(contact, 201);
    },
  );

  router.patch(
    '/:id/contacts/:contactId',
    {
      summary: 'Change a contact',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: ContactParams,
      body: ContactPatchBody,
      responses: { 200: ContactSchema },
    },
    async (c, { params, body, principal }) => {
      const { version, ...patch } = body;
      const expected = expectedVersion(c, version);
      const contact = await kernel
        .transaction(async (trx) => {
          await customers.requireEditable(principal, params.id, trx);
          return customers.contacts.update(trx, params.id, params.contactId, patch, principal, expected);
        })
        .catch(primaryRace);
      return c.json(contact);
    },
  );

  router.delete(
    '/:id/contacts/:contactId',
    {
      summary: 'Remove a contact (past communications keep it)',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: ContactParams,
      body: OptionalNoteBody,
      responses: { 204: { description: 'Removed' } },
    },
    async (c, { params, principal }) => {
      await kernel.transaction(async (trx) => {
        await customers.requireEditable(principal, params.id, trx);
        await customers.contacts.remove(trx, params.id, params.contactId, principal);
      });
      return c.body(null, 204);
    },
  );
}
