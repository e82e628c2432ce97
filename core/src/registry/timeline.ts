import { toAuditRecord } from '../audit/audit-log.js';
import type { Principal } from '../auth/principal.js';
import type { Executor } from '../db/database.js';
import { decodeCursor, encodeCursor } from '../http/list.js';
import { type TimelineCursor, timelineKeyset } from '../http/timeline-keyset.js';
import { ARCHIVE_ITEM_AUDITS } from './archive-timeline.js';
import { entityTimelineItems } from './entity-store.js';
import type { Registry } from './registry.js';
import type { TimelineItem, TimelineSource } from './types.js';

export interface TimelineEntry extends TimelineItem {
  /** The source that contributed the item: `communication`, `audit`, a plugin's source or `entity:<type>`. */
  source: string;
}

type Load = TimelineSource['load'];

/** The customer and every customer merged into it (and into those), so a merge keeps both histories. */
export async function customerFamily(trx: Executor, customerId: string): Promise<string[]> {
  const family = [customerId];
  let frontier = [customerId];
  for (let depth = 0; depth < 20 && frontier.length > 0; depth++) {
    const rows = await trx
      .selectFrom('customer_merge')
      .select('source_id')
      .where('target_id', 'in', frontier)
      .execute();
    frontier = rows.map((r) => r.source_id as string).filter((id) => !family.includes(id));
    family.push(...frontier);
  }
  return family;
}

const communicationSource: Load = async (customerId, page, trx) => {
  const q = trx.selectFrom('communication').selectAll().where('customer_id', '=', customerId);
  const rows: Record<string, any>[] = await timelineKeyset(q, page, { at: 'occurred_at' }).execute();
  return rows.map((r) => ({
    id: r.id,
    at: r.occurred_at,
    type: `communication.${r.channel}`,
    title: r.subject,
    data: {
      channel: r.channel,
      direction: r.direction,
      contactId: r.contact_id,
      process: r.process,
      result: r.result,
      byUserId: r.by_user_id,
    },
  }));
};

function auditSource(family: string[], hiddenTypes: string[]): Load {
  return async (_customerId, page, trx) => {
    // Communications, filed contracts and requested discounts are their own timeline items; their
    // audit rows would only repeat them. Changes of entity types the caller may not read are theirs to keep.
    const q = trx
      .selectFrom('kehu_audit')
      .selectAll()
      .where('customer_id', 'in', family)
      .where('entity_type', 'not in', ['communication', ...hiddenTypes])
      .where((eb: any) =>
        eb.not(
          eb.or(
            ARCHIVE_ITEM_AUDITS.map((x) =>
              eb.and([eb('entity_type', '=', x.entityType), eb('action', '=', x.action)]),
            ),
          ),
        ),
      );
    const rows: Record<string, any>[] = await timelineKeyset(q, page, { at: 'at' }).execute();
    return rows.map((r) => {
      const a = toAuditRecord(r);
      return {
        id: a.id,
        at: a.at,
        type: `audit.${a.entityType}.${a.action}`,
        title: `${a.entityType} ${a.action}`,
        data: {
          entityType: a.entityType,
          entityId: a.entityId,
          customerId: a.customerId,
          action: a.action,
          actorId: a.actorId,
          changes: a.changes,
          reason: a.reason,
        },
      };
    });
  };
}

const plusOneMs = (at: string): string => {
  const t = new Date(at).getTime();
  return Number.isNaN(t) ? at : new Date(t + 1).toISOString();
};

/** Newest first, across sources: when, then source, then the item's id. */
const TIMELINE_ORDER = '-at,-source,-id';

/**
 * A page of the customer's timeline, newest first, merged from every source: each source loads at
 * most one page after the cursor, so a page costs one query per source. Order: `at` descending, then
 * source name, then id; the cursor holds all three.
 */
export async function customerTimeline(
  registry: Registry,
  trx: Executor,
  customerId: string,
  page: { limit: number; cursor?: string | undefined },
  principal: Principal | null,
): Promise<{ items: TimelineEntry[]; nextCursor: string | null }> {
  // Sources and entity types that need a permission the caller lacks are left out, as facets are.
  const may = (permission: string | undefined) => !permission || !principal || principal.can(permission);
  const family = await customerFamily(trx, customerId);
  const hiddenTypes = [...registry.entityTypes.values()].filter((d) => !may(d.permission)).map((d) => d.name);
  const sources = new Map<string, Load>([
    ['communication', communicationSource],
    ['audit', auditSource(family, hiddenTypes)],
  ]);
  for (const [name, source] of registry.timelineSources)
    if (may(source.permission)) sources.set(name, (id, p, t) => (source as TimelineSource).load(id, p, t));
  for (const def of registry.entityTypes.values()) {
    if (def.timeline && may(def.permission))
      sources.set(`entity:${def.name}`, (id, p, t) => entityTimelineItems(def, id, p, t));
  }

  const cursor = page.cursor
    ? (decodeCursor(page.cursor, TIMELINE_ORDER, 3) as [string, string, string])
    : undefined;
  const pages = await Promise.all(
    [...sources].map(async ([name, load]) => {
      let before: TimelineCursor | undefined;
      if (cursor) {
        const [at, source, id] = cursor;
        // Same instant: sources sorting before the cursor's have items left at that instant, later ones none.
        before =
          name === source ? { at, id } : name < source ? { at: plusOneMs(at), id: '' } : { at, id: '' };
      }
      const items = await load(customerId, { ...(before ? { before } : {}), limit: page.limit }, trx);
      return items.map((item): TimelineEntry => ({ ...item, source: name }));
    }),
  );
  const merged = pages
    .flat()
    .sort((a, b) =>
      a.at < b.at
        ? 1
        : a.at > b.at
          ? -1
          : a.source < b.source
            ? 1
            : a.source > b.source
              ? -1
              : a.id < b.id
                ? 1
                : a.id > b.id
                  ? -1
                  : 0,
    )
    .slice(0, page.limit);
  const last = merged.at(-1);
  return {
    items: merged.map((item) => ({ ...item, id: `${item.source}:${item.id}` })),
    nextCursor:
      merged.length === page.limit && last
        ? encodeCursor(TIMELINE_ORDER, [last.at, last.source, last.id])
        : null,
  };
}
