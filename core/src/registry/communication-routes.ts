import { z } from 'zod';
import { pageOf } from '../http/list.js';
import type { KehuRouter } from '../http/router.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { CommunicationBody, CommunicationSchema, IdParams, PageQuery } from './customer-schemas.js';

/** `/customers/:id/communications`: every exchange with the customer, filed (沟通记录). */
export function communicationRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { customers } = kernel;

  router.get(
    '/:id/communications',
    {
      summary: 'Communications, newest first',
      access: 'customers.read',
      params: IdParams,
      query: PageQuery,
      responses: { 200: pageOf(CommunicationSchema) },
    },
    async (c, { params, query, principal }) => {
      await customers.requireVisible(principal, params.id);
      return c.json(await customers.communications.list(params.id, query));
    },
  );

  router.post(
    '/:id/communications',
    {
      summary: 'File a communication (reason, process, result)',
      description:
        'Outbound communication with a do-not-contact (terminated) customer is refused with 409 `do_not_contact`.',
      access: 'customers.communicate',
      customer: { param: 'id', access: 'see' },
      params: IdParams,
      body: CommunicationBody,
      responses: { 201: CommunicationSchema },
    },
    async (c, { params, body, principal }) => {
      const communication = await kernel.transaction(async (trx) => {
        const customer = await customers.requireVisible(principal, params.id, trx);
        const occurredAt = body.occurredAt ? new Date(body.occurredAt).toISOString() : undefined;
        return customers.communications.add(trx, customer, { ...body, occurredAt }, principal);
      });
      return c.json(communication, 201);
    },
  );
}
