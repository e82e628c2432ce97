import {
  type Customer,
  type CustomerService,
  type Executor,
  newId,
  notFound,
  type Principal,
  type Trx,
  z,
} from '@kehu/core';
import { auditRecord } from './audit.js';
import { type Deps, nowIso, parseJson } from './context.js';
import type { InvitationLink } from './contract.js';

type CustomerFilter = Parameters<CustomerService['list']>[1];

import { blockedContacts, deliver, insertInvitations, type NewInvitation } from './invitations.js';
import { fieldProblem, stateConflict } from './problems.js';
import { requireQuestionnaire } from './questionnaires.js';

export const CAMPAIGN_SCHEDULES = ['once', 'quarterly', 'triggered'] as const;
export const CAMPAIGN_TRIGGERS = ['complaint_closed', 'complaint_replied'] as const;
export const CAMPAIGN_STATUSES = ['draft', 'active', 'completed', 'closed'] as const;
export const TIERS = ['A', 'B', 'C', 'none'] as const;

const Ids = z.array(z.string().min(1).max(64)).max(500);
export const TargetInput = z.strictObject({
  kinds: z
    .array(z.enum(['individual', 'business', 'organization']))
    .max(3)
    .optional(),
  regions: z.array(z.string().min(1).max(100)).max(100).optional(),
  tags: z.array(z.string().min(1).max(100)).max(20).optional(),
  ownerIds: Ids.optional(),
  /** Key-account tiers (needs the key-accounts plugin; ignored without it). */
  tiers: z.array(z.enum(TIERS)).max(4).optional(),
  customerIds: Ids.optional(),
});
export type Target = z.output<typeof TargetInput>;

/** Which contacts of a targeted customer are invited: the primary one, all, or those whose title matches. */
export const ContactRuleInput = z.discriminatedUnion('rule', [
  z.strictObject({ rule: z.literal('primary') }),
  z.strictObject({ rule: z.literal('all') }),
  z.strictObject({
    rule: z.literal('titles'),
    titles: z.array(z.string().trim().min(1).max(100)).min(1).max(20),
  }),
]);
export type ContactRule = z.output<typeof ContactRuleInput>;

export const CampaignInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200),
    questionnaireId: z.string().min(1).max(64),
    schedule: z.enum(CAMPAIGN_SCHEDULES).default('once'),
    trigger: z.enum(CAMPAIGN_TRIGGERS).optional(),
    target: TargetInput.default({}),
    contacts: ContactRuleInput.default({ rule: 'primary' }),
    language: z.enum(['zh-CN', 'en']).default('zh-CN'),
  })
  .refine((c) => (c.schedule === 'triggered') === (c.trigger !== undefined), {
    message: 'A triggered campaign names its trigger, and only a triggered one',
    path: ['trigger'],
  });
export type CampaignInput = z.output<typeof CampaignInput>;

export interface Campaign {
  id: string;
  name: string;
  questionnaireId: string;
  status: (typeof CAMPAIGN_STATUSES)[number];
  schedule: (typeof CAMPAIGN_SCHEDULES)[number];
  trigger: (typeof CAMPAIGN_TRIGGERS)[number] | null;
  target: Target;
  contacts: ContactRule;
  language: 'zh-CN' | 'en';
  lastRun: string | null;
  createdAt: string;
  completedAt: string | null;
}

export const toCampaign = (r: Record<string, any>): Campaign => ({
  id: r.id,
  name: r.name,
  questionnaireId: r.questionnaire_id,
  status: r.status,
  schedule: r.schedule,
  trigger: r.trigger_on ?? null,
  target: parseJson(r.target, {}),
  contacts: parseJson(r.contact_rule, { rule: 'primary' }),
  language: r.language,
  lastRun: r.last_run ?? null,
  createdAt: r.created_at,
  completedAt: r.completed_at ?? null,
});

export async function requireCampaign(db: Executor, id: string): Promise<Campaign> {
  const r = await db.selectFrom('sat_campaign').selectAll().where('id', '=', id).executeTakeFirst();
  if (!r) throw notFound('Campaign', id);
  return toCampaign(r);
}

export async function createCampaign(deps: Deps, input: CampaignInput, actor: Principal): Promise<Campaign> {
  return deps.transaction(async (trx) => {
    await requireQuestionnaire(trx, input.questionnaireId).catch(() => {
      throw fieldProblem(
        422,
        'unknown_questionnaire',
        `Questionnaire ${input.questionnaireId} does not exist`,
        'body.questionnaireId',
      );
    });
    const id = newId();
    await trx
      .insertInto('sat_campaign')
      .values({
        id,
        name: input.name,
        questionnaire_id: input.questionnaireId,
        status: 'draft',
        schedule: input.schedule,
        trigger_on: input.trigger ?? null,
        target: JSON.stringify(input.target),
        contact_rule: JSON.stringify(input.contacts),
        language: input.language,
        starts_on: null,
        last_run: null,
        created_at: nowIso(deps),
        created_by: actor.id,
        completed_at: null,
      })
      .execute();
    await auditRecord(deps, trx, 'campaign', id, 'create', actor);
    return requireCampaign(trx, id);
  });
}

/** The period key of a scheduled run: the campaign's one run, or the quarter (2026-Q1). */
export const runKeyOf = (schedule: Campaign['schedule'], today: string): string =>
  schedule === 'quarterly'
    ? `${today.slice(0, 4)}-Q${Math.floor((Number(today.slice(5, 7)) - 1) / 3) + 1}`
    : 'once';

/** Every customer rule applies to whoever runs it: the run is the company's, not one user's. */
const COMPANY: Principal = {
  id: 'satisfaction',
  name: 'Satisfaction campaigns',
  roles: ['admin'],
  can: () => true,
  hasRole: () => true,
};

export interface RunResult {
  runKey: string;
  customers: number;
  invited: number;
  skipped: {
    doNotContact: number;
    optedOut: number;
    fatigue: number;
    noContact: number;
    alreadyInvited: number;
  };
}

const PAGE = 500;

/** The contacts a rule picks among a customer's (primary first). */
function pick<T extends { primary: boolean; title: string | null }>(
  rule: ContactRule,
  contacts: readonly T[],
): T[] {
  if (rule.rule === 'all') return [...contacts];
  if (rule.rule === 'primary') return contacts.slice(0, 1);
  const titles = rule.titles.map((t) => t.toLowerCase());
  return contacts.filter((c) => c.title && titles.some((t) => c.title!.toLowerCase().includes(t)));
}

/**
 * One run of a campaign: the customers matching its target (asked of the registry page by page),
 * their contacts by rule, minus terminated and do-not-contact customers, opted-out contacts and
 * those within the fatigue window; one invitation each for this run.
 */
export async function runCampaign(
  deps: Deps,
  campaign: Campaign,
  runKey: string,
  sent?: InvitationLink[],
): Promise<RunResult> {
  const result: RunResult = {
    runKey,
    customers: 0,
    invited: 0,
    skipped: { doNotContact: 0, optedOut: 0, fatigue: 0, noContact: 0, alreadyInvited: 0 },
  };
  const t = campaign.target;
  // Terminated customers are left out of each page rather than filtered in the query: a status
  // filter makes the registry page through its status index and sort every matching row per page.
  const filter: CustomerFilter = {
    ...(t.kinds?.length ? { kind: t.kinds } : {}),
    ...(t.regions?.length ? { region: t.regions } : {}),
    ...(t.tags?.length ? { tags: t.tags } : {}),
    ...(t.ownerIds?.length ? { ownerIds: t.ownerIds } : {}),
  };
  const keyAccounts = deps.service('key-accounts');
  const only = t.customerIds?.length ? new Set(t.customerIds) : null;
  let cursor: string | undefined;
  do {
    const page = await deps.customers.list(COMPANY, filter, {
      limit: PAGE,
      sort: 'createdAt',
      ...(cursor ? { cursor } : {}),
    });
    cursor = page.nextCursor ?? undefined;
    let customers: Customer[] = page.items.filter(
      (c) => c.status !== 'terminated' && (!only || only.has(c.id)),
    );
    if (t.tiers?.length && keyAccounts) {
      const tiers = await keyAccounts.tierOf(customers.map((c) => c.id));
      customers = customers.filter((c) => t.tiers!.includes(tiers.get(c.id)?.class ?? 'none'));
    }
    result.customers += customers.length;
    const reachable = customers.filter((c) => {
      if (c.doNotContact || c.status === 'terminated') {
        result.skipped.doNotContact++;
        return false;
      }
      return true;
    });
    if (reachable.length === 0) continue;
    await deps.transaction(async (trx) => {
      const contacts = await deps.customers.contacts.forCustomers(
        reachable.map((c) => c.id),
        trx,
      );
      const chosen = reachable.flatMap((c) => {
        const list = pick(campaign.contacts, contacts.get(c.id) ?? []);
        if (list.length === 0) result.skipped.noContact++;
        return list.map((contact) => ({ customer: c, contact }));
      });
      const ids = chosen.map((x) => x.contact.id);
      const { optedOut, fatigued } = await blockedContacts(deps, trx, ids, false);
      const fresh: NewInvitation[] = [];
      for (const { customer, contact } of chosen) {
        if (optedOut.has(contact.id)) result.skipped.optedOut++;
        else if (fatigued.has(contact.id)) result.skipped.fatigue++;
        else
          fresh.push({
            campaignId: campaign.id,
            runKey,
            customerId: customer.id,
            contact: { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone },
            complaintId: null,
            returnVisit: false,
            lang: campaign.language,
          });
      }
      const links = await insertInvitations(deps, trx, fresh);
      result.invited += links.length;
      result.skipped.alreadyInvited += fresh.length - links.length;
      sent?.push(...links);
      await deliver(deps, trx, links);
    });
  } while (cursor);
  await deps.db.updateTable('sat_campaign').set({ last_run: runKey }).where('id', '=', campaign.id).execute();
  return result;
}

/** Starts a draft campaign: a once or quarterly one runs now; a triggered one waits for its event. */
export async function startCampaign(
  deps: Deps,
  id: string,
  actor: Principal,
): Promise<{ campaign: Campaign; run: RunResult | null }> {
  const campaign = await deps.transaction(async (trx) => {
    const c = await requireCampaign(trx, id);
    if (c.status !== 'draft')
      throw stateConflict('campaign_started', `The campaign is ${c.status}`, { status: c.status });
    await trx
      .updateTable('sat_campaign')
      .set({ status: 'active' })
      .where('id', '=', id)
      .where('status', '=', 'draft')
      .execute();
    await auditRecord(deps, trx, 'campaign', id, 'start', actor, {
      changes: { status: { from: 'draft', to: 'active' } },
    });
    return { ...c, status: 'active' as const };
  });
  const run =
    campaign.schedule === 'triggered'
      ? null
      : await runCampaign(deps, campaign, runKeyOf(campaign.schedule, deps.clock.today()));
  return { campaign: await requireCampaign(deps.db, id), run };
}

export async function closeCampaign(deps: Deps, id: string, actor: Principal): Promise<Campaign> {
  return deps.transaction(async (trx) => {
    const c = await requireCampaign(trx, id);
    if (c.status === 'closed' || c.status === 'completed')
      throw stateConflict('campaign_ended', `The campaign is already ${c.status}`);
    await trx
      .updateTable('sat_campaign')
      .set({ status: 'closed', completed_at: nowIso(deps) })
      .where('id', '=', id)
      .execute();
    await trx
      .updateTable('sat_invitation')
      .set({ status: 'expired' })
      .where('campaign_id', '=', id)
      .where('status', 'in', ['sent', 'opened'])
      .execute();
    await auditRecord(deps, trx, 'campaign', id, 'close', actor, {
      changes: { status: { from: c.status, to: 'closed' } },
    });
    return requireCampaign(trx, id);
  });
}

/** The daily job: quarterly campaigns run once per quarter; once-campaigns with nothing open complete. */
export async function runSchedules(deps: Deps): Promise<{ runs: RunResult[]; completed: string[] }> {
  const today = deps.clock.today();
  const active = (
    await deps.db.selectFrom('sat_campaign').selectAll().where('status', '=', 'active').execute()
  ).map(toCampaign);
  const runs: RunResult[] = [];
  for (const c of active.filter((x) => x.schedule === 'quarterly')) {
    const key = runKeyOf('quarterly', today);
    if (c.lastRun !== key) runs.push(await runCampaign(deps, c, key));
  }
  const completed: string[] = [];
  for (const c of active.filter((x) => x.schedule === 'once')) {
    const open = await deps.db
      .selectFrom('sat_invitation')
      .select('id')
      .where('campaign_id', '=', c.id)
      .where('status', 'in', ['sent', 'opened'])
      .limit(1)
      .executeTakeFirst();
    if (open) continue;
    await deps.transaction(async (trx) => {
      const done = await trx
        .updateTable('sat_campaign')
        .set({ status: 'completed', completed_at: nowIso(deps) })
        .where('id', '=', c.id)
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (Number(done.numUpdatedRows) > 0) {
        await deps.hooks.emit(trx, 'satisfaction.campaignCompleted', { campaignId: c.id });
        completed.push(c.id);
      }
    });
  }
  return { runs, completed };
}

/** Creates, starts and runs a one-off campaign to the given customers; the links sent come back (demo data). */
export async function insertRun(
  deps: Deps,
  actor: Principal,
  input: { name: string; questionnaireId: string; customerIds: string[] },
): Promise<{ campaign: Campaign; run: RunResult; links: InvitationLink[] }> {
  const created = await createCampaign(
    deps,
    CampaignInput.parse({
      name: input.name,
      questionnaireId: input.questionnaireId,
      target: { customerIds: input.customerIds },
    }),
    actor,
  );
  await deps.db.updateTable('sat_campaign').set({ status: 'active' }).where('id', '=', created.id).execute();
  const links: InvitationLink[] = [];
  const run = await runCampaign(deps, { ...created, status: 'active' }, 'once', links);
  return { campaign: await requireCampaign(deps.db, created.id), run, links };
}
