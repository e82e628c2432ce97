import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { Executor, Trx } from '../db/database.js';
import { badRequest, notFound, ProblemError } from '../errors.js';
import { newId } from '../ids.js';
import type { CustomerService } from './customer-service.js';
import { type DocumentStorage, newStorageKey } from './document-storage.js';
import { DEFAULT_DOCUMENT_TYPES, detectType } from './document-type.js';

export interface DocumentsOptions {
  /** Where the bytes go. Default: files under the data folder's `documents/`. */
  storage?: DocumentStorage;
  /** Largest file accepted, in bytes. Default 20 MiB. */
  maxBytes?: number;
  /** Content types accepted, as detected from the bytes. Default: PDF, images, Office files, zip. */
  types?: readonly string[];
}

export interface CustomerDocument {
  id: string;
  customerId: string;
  /** What it is attached to: `customer`, `contract` or a plugin entity type. */
  subjectType: string;
  subjectId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedBy: string | null;
  createdAt: string;
}

const toDocument = (r: Record<string, any>): CustomerDocument => ({
  id: r.id,
  customerId: r.customer_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedBy: r.uploaded_by,
  createdAt: r.created_at,
});

/** A file name as given, without any path, control characters or quotes. */
const cleanName = (name: string): string =>
  [...(name.split(/[\\/]/).pop() ?? '')]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 255);

/**
 * Files attached to a customer, a contract or a plugin entity. The type is what the bytes are
 * (magic numbers), not what the name or the request says; the storage key is random and private;
 * purge removes the files with the rows.
 */
export class Documents {
  readonly maxBytes: number;
  readonly types: ReadonlySet<string>;

  constructor(
    private readonly svc: CustomerService,
    readonly storage: DocumentStorage,
    options: DocumentsOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? 20 * 1024 * 1024;
    this.types = new Set(options.types ?? DEFAULT_DOCUMENT_TYPES);
  }

  /** Reads an upload, refusing it (413) as soon as it passes the size limit. */
  async read(body: ReadableStream<Uint8Array>): Promise<Uint8Array> {
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of body) {
      size += chunk.byteLength;
      if (size > this.maxBytes)
        throw new ProblemError({
          status: 413,
          code: 'payload_too_large',
          detail: `A document may have at most ${this.maxBytes} bytes`,
        });
      chunks.push(chunk);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    return bytes;
  }

  async add(
    principal: Principal,
    customerId: string,
    input: { name: string; bytes: Uint8Array; subjectType?: string; subjectId?: string },
  ): Promise<CustomerDocument> {
    const name = cleanName(input.name);
    if (!name)
      throw badRequest('name_required', 'Give the file name', [{ path: 'query.name', message: 'Required' }]);
    if (input.bytes.byteLength === 0) throw badRequest('empty_file', 'The request has no file');
    const type = await detectType(input.bytes);
    if (!type || !this.types.has(type.mime))
      throw new ProblemError({
        status: 415,
        code: 'unsupported_document_type',
        detail: type
          ? `Files of type ${type.mime} are not accepted; accepted: ${[...this.types].join(', ')}`
          : `The content is not a recognised document type; accepted: ${[...this.types].join(', ')}`,
        data: { detected: type?.mime ?? null },
      });
    const subjectType = input.subjectType ?? 'customer';
    const subjectId = input.subjectId ?? customerId;
    if (subjectType === 'contract') {
      const contract = await this.svc.db
        .selectFrom('customer_contract')
        .select('id')
        .where('id', '=', subjectId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      if (!contract) throw notFound('Contract', subjectId);
    } else if (subjectType === 'customer' && subjectId !== customerId) throw notFound('Customer', subjectId);
    const key = newStorageKey();
    await this.storage.put(key, input.bytes);
    try {
      return await this.svc.inTransaction(undefined, async (trx) => {
        const row = {
          id: newId(),
          customer_id: customerId,
          subject_type: subjectType,
          subject_id: subjectId,
          name,
          content_type: type.mime,
          size: input.bytes.byteLength,
          sha256: createHash('sha256').update(input.bytes).digest('hex'),
          storage_key: key,
          uploaded_by: principal.id,
          created_at: this.svc.clock.now().toISOString(),
        };
        await trx.insertInto('customer_document').values(row).execute();
        await this.svc.audit.record(trx, {
          entityType: 'document',
          entityId: row.id,
          customerId,
          action: 'create',
          actor: principal,
          changes: { name: { from: null, to: name }, contentType: { from: null, to: type.mime } },
        });
        return toDocument(row);
      });
    } catch (err) {
      await this.storage.delete(key);
      throw err;
    }
  }

  async list(customerId: string, subject?: { type: string; id: string }): Promise<CustomerDocument[]> {
    let q = this.svc.db.selectFrom('customer_document').selectAll().where('customer_id', '=', customerId);
    if (subject) q = q.where('subject_type', '=', subject.type).where('subject_id', '=', subject.id);
    return (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').execute()).map(toDocument);
  }

  private async row(customerId: string, id: string) {
    const r = await this.svc.db
      .selectFrom('customer_document')
      .selectAll()
      .where('id', '=', id)
      .where('customer_id', '=', customerId)
      .executeTakeFirst();
    if (!r) throw notFound('Document', id);
    return r;
  }

  async open(customerId: string, id: string): Promise<{ document: CustomerDocument; bytes: Uint8Array }> {
    const r = await this.row(customerId, id);
    const bytes = await this.storage.get(r.storage_key);
    if (!bytes) throw notFound('Document', id);
    return { document: toDocument(r), bytes };
  }

  async remove(principal: Principal, customerId: string, id: string, reason: string): Promise<void> {
    const r = await this.row(customerId, id);
    await this.svc.inTransaction(undefined, async (trx) => {
      await trx.deleteFrom('customer_document').where('id', '=', id).execute();
      await this.svc.audit.record(trx, {
        entityType: 'document',
        entityId: id,
        customerId,
        action: 'delete',
        actor: principal,
        reason,
      });
    });
    await this.storage.delete(r.storage_key);
  }

  /** Inside a purge: removes the customer's document rows; returns the storage keys to delete after commit. */
  async purgeRows(trx: Trx, customerId: string): Promise<string[]> {
    const rows = await trx
      .selectFrom('customer_document')
      .select('storage_key')
      .where('customer_id', '=', customerId)
      .execute();
    await trx.deleteFrom('customer_document').where('customer_id', '=', customerId).execute();
    return rows.map((r) => r.storage_key as string);
  }

  async deleteFiles(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.storage.delete(key);
  }

  /** A merge moves the documents to the surviving customer. */
  async moveRows(trx: Executor, fromId: string, toId: string): Promise<void> {
    await trx
      .updateTable('customer_document')
      .set({ customer_id: toId })
      .where('customer_id', '=', fromId)
      .execute();
    await trx
      .updateTable('customer_document')
      .set({ subject_id: toId })
      .where('subject_type', '=', 'customer')
      .where('subject_id', '=', fromId)
      .execute();
  }
}
