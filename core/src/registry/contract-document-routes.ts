import { z } from 'zod';
import { badRequest } from '../errors.js';
import type { KehuRouter } from '../http/router.js';
import { isCurrency } from '../money/currencies.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { addArchiveTimelineSources } from './archive-timeline.js';
import { CONTRACT_STATUSES } from './contracts.js';

const text = (max: number) => z.string().trim().min(1).max(max);
const date = z.iso.date();
const CustomerParams = z.object({ id: z.string().min(1).max(64) });
const ContractParams = CustomerParams.extend({ contractId: z.string().min(1).max(64) });
const DocumentParams = CustomerParams.extend({ documentId: z.string().min(1).max(64) });
const Money = z.strictObject({
  amount: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).describe('Integer minor units'),
  currency: z.string().refine(isCurrency, 'An ISO 4217 currency code'),
});
const ContractFields = {
  number: text(100),
  title: text(300),
  parties: z.array(text(300)).min(1).max(20),
  signedOn: date,
  validFrom: date.nullable().optional(),
  validTo: date.nullable().optional(),
  value: Money.nullable().optional(),
  status: z.enum(CONTRACT_STATUSES).optional(),
  reminderDays: z.number().int().min(0).max(365).optional(),
};
const ContractBody = z.strictObject(ContractFields);
const ContractPatch = z.strictObject({
  ...Object.fromEntries(Object.entries(ContractFields).map(([k, v]) => [k, v.optional()])),
  version: z.number().int().min(1),
}) as unknown as z.ZodType<Record<string, unknown> & { version: number }>;
const ContractSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  number: z.string(),
  title: z.string(),
  parties: z.array(z.string()),
  signedOn: z.string(),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
  value: z.object({ amount: z.number(), currency: z.string() }).nullable(),
  status: z.enum(CONTRACT_STATUSES),
  reminderDays: z.number(),
  remindedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number(),
});
z.globalRegistry.add(ContractSchema, { id: 'Contract' });
const DocumentSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  name: z.string(),
  contentType: z.string(),
  size: z.number(),
  sha256: z.string(),
  uploadedBy: z.string().nullable(),
  createdAt: z.string(),
});
z.globalRegistry.add(DocumentSchema, { id: 'Document' });
const UploadQuery = z.object({
  name: z.string().min(1).max(255).describe('The file name, shown and offered on download'),
  contractId: z.string().min(1).max(64).optional().describe('Attach to this contract of the customer'),
});
const DocumentListQuery = z.object({ contractId: z.string().min(1).max(64).optional() });
const ReasonBody = z.strictObject({ reason: text(2000) });

function checkPeriod(body: { validFrom?: unknown; validTo?: unknown }) {
  if (typeof body.validFrom === 'string' && typeof body.validTo === 'string' && body.validTo < body.validFrom)
    throw badRequest('invalid_period', 'The contract ends before it starts', [
      { path: 'body.validTo', message: 'Before validFrom' },
    ]);
}

/** `/customers/:id/contracts` and `/customers/:id/documents` (档案分类: 合同, 文件). */
export function contractDocumentRoutes(router: KehuRouter, kernel: ArchiveKernel): void {
  const { contracts, documents } = kernel;
  addArchiveTimelineSources(kernel.registry);

  router.get(
    '/:id/contracts',
    {
      summary: "A customer's contracts and agreements, newest signing date first",
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      responses: { 200: z.object({ items: z.array(ContractSchema) }) },
    },
    async (c, { params }) => c.json({ items: await contracts.list(params.id) }),
  );

  router.post(
    '/:id/contracts',
    {
      summary: 'File a contract or agreement',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: CustomerParams,
      body: ContractBody,
      responses: { 201: ContractSchema },
    },
    async (c, { params, body, principal }) => {
      checkPeriod(body);
      return c.json(await contracts.create(principal, params.id, body), 201);
    },
  );

  router.patch(
    '/:id/contracts/:contractId',
    {
      summary: 'Change a contract (with the version read)',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: ContractParams,
      body: ContractPatch,
      responses: { 200: ContractSchema },
    },
    async (c, { params, body, principal }) => {
      const { version, ...patch } = body;
      checkPeriod(patch);
      return c.json(await contracts.update(principal, params.id, params.contractId, patch, version));
    },
  );

  router.get(
    '/:id/documents',
    {
      summary: "A customer's documents (of one contract with `contractId`)",
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      query: DocumentListQuery,
      responses: { 200: z.object({ items: z.array(DocumentSchema) }) },
    },
    async (c, { params, query }) =>
      c.json({
        items: await documents.list(
          params.id,
          query.contractId ? { type: 'contract', id: query.contractId } : undefined,
        ),
      }),
  );

  router.post(
    '/:id/documents',
    {
      summary: 'Attach a file to the customer (or one of its contracts)',
      description:
        'The body is the file. Its type is read from the content (magic bytes), not the name or Content-Type; files over the size limit are a 413, other types a 415.',
      access: 'customers.communicate',
      customer: { param: 'id', access: 'see' },
      params: CustomerParams,
      query: UploadQuery,
      rawBody: { contentType: 'application/octet-stream', description: 'The file' },
      responses: { 201: DocumentSchema },
    },
    async (c, { params, query, principal }) => {
      const body = c.req.raw.body;
      if (!body) throw badRequest('empty_file', 'The request has no file');
      const bytes = await documents.read(body);
      return c.json(
        await documents.add(principal, params.id, {
          name: query.name,
          bytes,
          ...(query.contractId ? { subjectType: 'contract', subjectId: query.contractId } : {}),
        }),
        201,
      );
    },
  );

  router.get(
    '/:id/documents/:documentId/download',
    {
      summary: 'Download a document (only for users who may see the customer)',
      access: 'customers.read',
      customer: { param: 'id', access: 'see' },
      params: DocumentParams,
      responses: { 200: { description: 'The file', contentType: 'application/octet-stream' } },
    },
    async (c, { params }) => {
      const { document, bytes } = await documents.open(params.id, params.documentId);
      return c.body(bytes as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': document.contentType,
        'Content-Length': String(bytes.byteLength),
        'Content-Disposition': `attachment; filename="document"; filename*=UTF-8''${encodeURIComponent(document.name)}`,
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
      });
    },
  );

  router.delete(
    '/:id/documents/:documentId',
    {
      summary: 'Remove a document, with a reason (the file is deleted)',
      access: 'customers.update',
      customer: { param: 'id', access: 'change' },
      params: DocumentParams,
      body: ReasonBody,
      responses: { 204: { description: 'Removed' } },
    },
    async (c, { params, body, principal }) => {
      await documents.remove(principal, params.id, params.documentId, body.reason);
      return c.body(null, 204);
    },
  );
}
