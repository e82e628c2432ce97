import type { Principal } from '../auth/principal.js';
import { badRequest, type FieldError, forbidden, ProblemError } from '../errors.js';
import type { KehuContext } from '../http/env.js';
import { validationProblem } from '../http/problem.js';
import type { ArchiveKernel } from './archive-kernel.js';
import { type CustomFilterOp, parseCustomText } from './custom-fields.js';
import type { CustomerFilter, CustomFilter } from './customer-list.js';
import type { ChainPosition, CustomerKind, CustomerStatus } from './customer-record.js';
import type { ValueSegment } from './customer-value.js';

/**
 * Facet names from `?include=a,b` (`*` for every facet `principal` may receive); 400 naming the
 * unknown ones, 403 for an explicit facet whose permission `principal` lacks.
 */
export function parseInclude(
  kernel: ArchiveKernel,
  include: string | undefined,
  principal: Principal,
): string[] {
  if (!include) return [];
  const allowed = (name: string) => {
    const permission = kernel.registry.facets.get(name)?.permission;
    return !permission || principal.can(permission);
  };
  // The common `include=*` without splitting and de-duplicating it first.
  if (include === '*') return [...kernel.registry.facets.keys()].filter(allowed);
  const names = [
    ...new Set(
      include
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  ];
  if (names.includes('*')) return [...kernel.registry.facets.keys()].filter(allowed);
  const unknown = names.filter((n) => !kernel.registry.facets.has(n));
  if (unknown.length > 0) {
    throw new ProblemError({
      status: 400,
      code: 'unknown_facet',
      detail: `Unknown facet: ${unknown.join(', ')}. Available: ${[...kernel.registry.facets.keys()].join(', ') || 'none'}`,
      errors: [{ path: 'query.include', message: `Unknown facet: ${unknown.join(', ')}` }],
    });
  }
  const denied = names.filter((n) => !allowed(n));
  if (denied.length > 0) {
    const permission = kernel.registry.facets.get(denied[0]!)!.permission!;
    throw new ProblemError({
      status: 403,
      code: 'forbidden',
      detail: `The facet ${denied.join(', ')} needs the permission "${permission}"`,
      data: { permission },
      errors: [{ path: 'query.include', message: `Not allowed: ${denied.join(', ')}` }],
    });
  }
  return names;
}

const KNOWN = new Set([
  'include',
  'status',
  'kind',
  'owner',
  'region',
  'industry',
  'tag',
  'internal',
  'chainPosition',
  'valueSegment',
  'q',
  'deleted',
  'sort',
  'limit',
  'cursor',
  'format',
  'lang',
]);

export interface FilterQuery {
  status?: CustomerStatus[] | undefined;
  kind?: CustomerKind[] | undefined;
  owner?: string[] | undefined;
  region?: string[] | undefined;
  industry?: string[] | undefined;
  tag?: string[] | undefined;
  internal?: 'true' | 'false' | undefined;
  chainPosition?: ChainPosition | undefined;
  valueSegment?: ValueSegment[] | undefined;
  q?: string | undefined;
  deleted?: 'only' | undefined;
  [key: string]: unknown;
}

/**
 * The list/export query as a {@link CustomerFilter}: `owner=me`/`none`, and `custom.<key>`,
 * `custom.<key>.from`, `custom.<key>.to` on filterable custom fields, parsed per field type.
 */
export async function customerFilterOf(
  kernel: ArchiveKernel,
  principal: Principal,
  query: FilterQuery,
): Promise<CustomerFilter> {
  const errors: FieldError[] = [];
  const custom: CustomFilter[] = [];
  const extra = Object.keys(query).filter((k) => !KNOWN.has(k) && query[k] !== undefined);
  if (extra.length > 0) {
    const fields = await kernel.customers.fields.list();
    for (const key of extra) {
      const m = /^custom\.([A-Za-z0-9_]+?)(?:\.(from|to))?$/.exec(key);
      const field = m ? fields.find((f) => f.key === m[1]) : undefined;
      const path = `query.${key}`;
      if (!m) {
        errors.push({ path, message: 'Unknown query parameter' });
        continue;
      }
      if (!field || !field.filterable) {
        errors.push({
          path,
          message: field ? 'This custom field is not filterable' : 'Unknown custom field',
        });
        continue;
      }
      const op = (m[2] ?? 'eq') as CustomFilterOp;
      if (op !== 'eq' && field.type !== 'number' && field.type !== 'date') {
        errors.push({ path, message: 'Ranges work on number and date fields only' });
        continue;
      }
      const raw = query[key];
      if (typeof raw !== 'string') {
        errors.push({ path, message: 'Give one value' });
        continue;
      }
      const v = parseCustomText(field, raw);
      if ('error' in v) errors.push({ path, message: v.error });
      else custom.push({ field, op, value: v.value });
    }
  }
  if (errors.length > 0) throw validationProblem(errors);
  if (query.deleted === 'only' && !principal.can('customers.delete')) throw forbidden('customers.delete');
  return {
    status: query.status,
    kind: query.kind,
    ownerIds: query.owner?.map((o) => (o === 'me' ? principal.id : o === 'none' ? null : o)),
    region: query.region,
    industry: query.industry,
    tags: query.tag,
    internal: query.internal === undefined ? undefined : query.internal === 'true',
    chainPosition: query.chainPosition,
    valueSegments: query.valueSegment,
    q: query.q,
    custom,
    deleted: query.deleted ?? 'exclude',
  };
}

/**
 * The version a write expects: the body's `version`, else `If-Match` ("3", W/"3" or 3). Undefined
 * when neither is sent; 400 when If-Match is not a version.
 */
export function expectedVersion(c: KehuContext, bodyVersion: number | undefined): number | undefined {
  if (bodyVersion !== undefined) return bodyVersion;
  const header = c.req.header('if-match');
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  if (!m)
    throw badRequest('invalid_if_match', 'If-Match must be the version from the ETag, e.g. "3"', [
      { path: 'header.if-match', message: 'Not a version' },
    ]);
  return Number(m[1]);
}

/** The `ETag` of a record at `version`: what a client sends back as `If-Match` (see `expectedVersion`). */
export const etag = (version: number): string => `"${version}"`;
