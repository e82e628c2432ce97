/**
 * Two small plugins that exercise the kernel's plugin API the way a third party would, for the
 * kernel's contract tests. Not exported from the package.
 *
 * - `notes` owns a table, routes (body/query/params schemas, permissions), two filter points, an
 *   event, an entity type, enum labels, a facet, a job, a role and a service.
 * - `stamps` requires `notes`: it transforms and rejects notes through filters, subscribes to
 *   `notes.created` twice (one subscriber can be told to fail or to be slow), and has its own
 *   migration named like one of `notes`' to show that migrations are namespaced.
 */
import { z } from 'zod';
import type { Trx } from '../db/database.js';
import { DomainError } from '../errors.js';
import { definePlugin } from '../plugin/define-plugin.js';

export interface NoteInput {
  title: string;
  amount: number;
  kind: 'memo' | 'call';
  /** Every filter that saw the payload appends its label, so tests can read the order. */
  trace: string[];
}

export interface Note {
  id: string;
  title: string;
  amount: number;
  kind: string;
  trace: string[];
  createdAt: string;
}

declare module '../hooks/types.js' {
  interface KehuFilters {
    'notes.beforeCreate': NoteInput;
    /** Runs after the row, its audit entry and its event are written, inside the same transaction. */
    'notes.afterCreate': { note: Note };
  }
  interface KehuEvents {
    'notes.created': { note: Note };
  }
}

/** What the test plugins saw, and knobs that make them misbehave. */
export class ContractProbe {
  /** Every subscriber call, successful or not. */
  readonly calls: { subscriber: string; eventId: string; title: string; attempt: number }[] = [];
  /** Subscriber calls that succeeded. */
  readonly deliveries: { subscriber: string; eventId: string; title: string; attempt: number }[] = [];
  /** Number of upcoming `flaky` calls that throw. */
  flakyFailures = 0;
  /** Event-loop turns each `mirror` call yields, to make deliveries overlap across dispatchers. */
  mirrorYields = 0;
  /** While set, each `mirror` call reports that it started and waits until the test releases it. */
  mirrorGate: { started(): void; released: Promise<void> } | undefined;
  /** Deliveries running right now, by `${eventId}/${subscriber}`; a second entry for one key is a bug. */
  readonly inFlight = new Set<string>();
  concurrentDuplicates = 0;
  jobRuns: string[] = [];
  jobFailures = 0;

  /** Holds every `mirror` call until `release()`: a subscriber that is still running. */
  holdMirror(): { started: Promise<void>; release(): void } {
    let release!: () => void;
    let started!: () => void;
    const released = new Promise<void>((r) => (release = r));
    const startedOnce = new Promise<void>((r) => (started = r));
    this.mirrorGate = { started, released };
    return { started: startedOnce, release };
  }

  delivered(subscriber: string): string[] {
    return this.deliveries.filter((d) => d.subscriber === subscriber).map((d) => d.title);
  }
}

export interface ContractPlugins {
  notes: ReturnType<typeof notesPlugin>;
  stamps: ReturnType<typeof stampsPlugin>;
  probe: ContractProbe;
}

export function contractPlugins(probe = new ContractProbe()): ContractPlugins {
  return { notes: notesPlugin(probe), stamps: stampsPlugin(probe), probe };
}

const toNote = (r: Record<string, any>): Note => ({
  id: r.id,
  title: r.title,
  amount: Number(r.amount),
  kind: r.kind,
  trace: JSON.parse(r.trace),
  createdAt: r.created_at,
});

export function notesPlugin(probe: ContractProbe) {
  return definePlugin({
    name: 'notes',
    version: '1.2.0',
    description: 'Notes for the kernel contract tests',
    config: z.object({ defaultKind: z.enum(['memo', 'call']).default('memo') }),
    migrations: [
      {
        name: '001_init',
        async up(db) {
          await db.schema
            .createTable('notes_note')
            .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
            .addColumn('title', 'varchar(200)', (c) => c.notNull())
            .addColumn('amount', 'bigint', (c) => c.notNull())
            .addColumn('created_at', 'varchar(30)', (c) => c.notNull())
            .execute();
        },
      },
      {
        name: '002_kind_and_trace',
        async up(db) {
          await db.schema
            .alterTable('notes_note')
            .addColumn('kind', 'varchar(20)', (c) => c.notNull().defaultTo('memo'))
            .execute();
          await db.schema
            .alterTable('notes_note')
            .addColumn('trace', 'text', (c) => c.notNull().defaultTo('[]'))
            .execute();
        },
      },
    ],
    setup(ctx) {
      ctx.role('notes_clerk', { en: 'Notes clerk', 'zh-CN': '记事员' });
      ctx.permission('notes.read', { description: 'Read notes', roles: ['notes_clerk', 'staff'] });
      ctx.permission('notes.write', { description: 'Write notes', roles: ['notes_clerk'] });
      ctx.registry.entityType('note', { labels: { en: 'Note', 'zh-CN': '记事' }, table: 'notes_note' });
      ctx.registry.enumLabels('noteKind', {
        memo: { en: 'Memo', 'zh-CN': '备忘' },
        call: { en: 'Call', 'zh-CN': '电话' },
      });
      ctx.registry.facet('notes', { schema: z.object({ count: z.number() }), load: async () => new Map() });

      ctx.hooks.filter('notes.beforeCreate', (p) => ({ ...p, trace: [...p.trace, 'notes:first'] }));
      ctx.hooks.filter('notes.beforeCreate', (p) => ({ ...p, trace: [...p.trace, 'notes:second'] }));

      const count = async (trx: Trx | typeof ctx.db = ctx.db) =>
        Number(
          (
            await trx
              .selectFrom('notes_note')
              .select((eb) => eb.fn.countAll().as('n'))
              .executeTakeFirstOrThrow()
          ).n,
        );
      ctx.provide({ count });

      ctx.scheduler.define({
        name: 'daily-digest',
        period: 'day',
        async run({ period }) {
          if (probe.jobFailures > 0) {
            probe.jobFailures--;
            throw new Error('digest mail server down');
          }
          probe.jobRuns.push(period);
          return { notes: await count() };
        },
      });
      ctx.scheduler.define({
        name: 'month-end',
        period: 'month',
        due: (_at, today) => Number(today.slice(8, 10)) >= 25,
        run: () => 'closed',
      });

      const Params = z.object({ id: z.string().min(1).max(32) });
      const NoteSchema = z.object({
        id: z.string(),
        title: z.string(),
        amount: z.number().int(),
        kind: z.string(),
        trace: z.array(z.string()),
        createdAt: z.string(),
      });

      ctx.router.post(
        '/notes',
        {
          summary: 'Create a note',
          access: 'notes.write',
          customer: false,
          body: z.strictObject({
            title: z.string().trim().min(1).max(200),
            amount: z.number().int().min(0).describe('minor units'),
            kind: z.enum(['memo', 'call']).optional(),
          }),
          responses: { 201: NoteSchema },
        },
        async (c, { body, principal }) => {
          const note = await ctx.transaction(async (trx) => {
            const input = await ctx.hooks.applyFilters(
              'notes.beforeCreate',
              {
                title: body.title,
                amount: body.amount,
                kind: body.kind ?? ctx.config.defaultKind,
                trace: [],
              },
              { trx, principal },
            );
            const row = {
              id: crypto.randomUUID().replaceAll('-', ''),
              title: input.title,
              amount: input.amount,
              kind: input.kind,
              trace: JSON.stringify(input.trace),
              created_at: ctx.clock.now().toISOString(),
            };
            await trx.insertInto('notes_note').values(row).execute();
            const created = toNote(row);
            await ctx.audit.record(trx, {
              entityType: 'note',
              entityId: created.id,
              action: 'create',
              actor: principal,
              changes: {
                title: { from: null, to: created.title },
                amount: { from: null, to: created.amount },
              },
            });
            await ctx.hooks.emit(trx, 'notes.created', { note: created });
            await ctx.hooks.applyFilters('notes.afterCreate', { note: created }, { trx, principal });
            return created;
          });
          return c.json(note, 201);
        },
      );

      ctx.router.get(
        '/notes/:id',
        { summary: 'One note', access: 'notes.read', params: Params, responses: { 200: NoteSchema } },
        async (c, { params }) => {
          const row = await ctx.db
            .selectFrom('notes_note')
            .selectAll()
            .where('id', '=', params.id)
            .executeTakeFirst();
          if (!row)
            throw new DomainError('note_not_found', `Note ${params.id} does not exist`, { id: params.id });
          return c.json(toNote(row));
        },
      );

      ctx.router.get(
        '/notes',
        {
          summary: 'List notes',
          access: 'notes.read',
          query: z.object({
            kind: z.enum(['memo', 'call']).optional(),
            limit: z.coerce.number().int().min(1).max(100).default(20),
          }),
          responses: { 200: z.object({ items: z.array(NoteSchema) }) },
        },
        async (c, { query }) => {
          let q = ctx.db.selectFrom('notes_note').selectAll().orderBy('id').limit(query.limit);
          if (query.kind) q = q.where('kind', '=', query.kind);
          return c.json({ items: (await q.execute()).map(toNote) });
        },
      );

      ctx.router.post(
        '/boom',
        { summary: 'A route with a bug', access: 'authenticated', customer: false },
        () => {
          throw new Error('connection string postgres://secret@db is wrong');
        },
      );
    },
  });
}

export function stampsPlugin(probe: ContractProbe) {
  return definePlugin({
    name: 'stamps',
    version: '0.3.1',
    requires: ['notes'],
    config: z.object({ limits: z.object({ max: z.number().int().positive() }).default({ max: 1_000_000 }) }),
    migrations: [
      {
        // Same name as a migration of `notes`: namespaces keep them apart.
        name: '001_init',
        async up(db) {
          await db.schema
            .createTable('stamps_seen')
            .addColumn('note_id', 'varchar(32)', (c) => c.primaryKey())
            .execute();
        },
      },
    ],
    setup(ctx) {
      ctx.hooks.filter('notes.beforeCreate', (p) => ({ ...p, trace: [...p.trace, 'stamps:late'] }), {
        priority: 200,
      });
      // Same priority as notes' filters: runs after them because stamps depends on notes.
      ctx.hooks.filter('notes.beforeCreate', (p) => ({ ...p, trace: [...p.trace, 'stamps:middle'] }));
      ctx.hooks.filter(
        'notes.beforeCreate',
        (p) => {
          const { max } = ctx.config.limits;
          if (p.amount > max)
            throw new DomainError('note_over_limit', `Amount ${p.amount} exceeds the limit of ${max}`, {
              amount: p.amount,
              max,
            });
          return { ...p, title: p.title.toUpperCase(), trace: [...p.trace, 'stamps:early'] };
        },
        { priority: 10 },
      );
      ctx.hooks.filter('notes.afterCreate', async ({ note }, { trx }) => {
        if (note.title === 'CRASH') throw new Error('stamps bug with a secret: hunter2');
        const same = await trx
          .selectFrom('notes_note')
          .select('id')
          .where('title', '=', note.title)
          .execute();
        if (same.length > 1)
          throw new DomainError(
            'duplicate_note',
            `A note titled ${note.title} exists`,
            { title: note.title },
            409,
          );
      });

      const track = async (
        subscriber: string,
        note: Note,
        meta: { eventId: string; attempt: number },
        work: () => Promise<void>,
      ) => {
        const call = { subscriber, eventId: meta.eventId, title: note.title, attempt: meta.attempt };
        probe.calls.push(call);
        const key = `${meta.eventId}/${subscriber}`;
        if (probe.inFlight.has(key)) probe.concurrentDuplicates++;
        probe.inFlight.add(key);
        try {
          await work();
          probe.deliveries.push(call);
        } finally {
          probe.inFlight.delete(key);
        }
      };
      ctx.hooks.on('notes.created', 'mirror', ({ note }, meta) =>
        track('mirror', note, meta, async () => {
          for (let i = 0; i < probe.mirrorYields; i++) await new Promise((r) => setImmediate(r));
          if (probe.mirrorGate) {
            probe.mirrorGate.started();
            await probe.mirrorGate.released;
          }
        }),
      );
      ctx.hooks.on('notes.created', 'flaky', ({ note }, meta) =>
        track('flaky', note, meta, async () => {
          if (probe.flakyFailures > 0) {
            probe.flakyFailures--;
            throw new Error(`flaky subscriber down (attempt ${meta.attempt})`);
          }
        }),
      );
    },
  });
}
