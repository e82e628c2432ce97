import { createHash, randomBytes } from 'node:crypto';
import { addDays, type Executor, newId, type Trx } from '@kehu/core';
import { type Deps, nowIso } from './context.js';
import type { InvitationLink } from './contract.js';

export const INVITATION_STATUSES = ['sent', 'opened', 'submitted', 'expired', 'opted_out'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** Still waiting for an answer. */
export const OPEN_STATUSES = ['sent', 'opened'] as const;

/** The survey page behind an invitation link, below the plugin's routes (`/api/v1/satisfaction`). */
export const SURVEY_PAGE_PATH = '/public/forms/';
const SURVEY_PATH = `/api/v1/satisfaction${SURVEY_PAGE_PATH}`;

export const hashToken = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A fresh random token for the invitation; only its hash is stored. */
export async function issueToken(deps: Deps, trx: Executor, invitationId: string): Promise<string> {
  const token = randomBytes(24).toString('base64url');
  await trx
    .insertInto('sat_invitation_token')
    .values({ token_hash: hashToken(token), invitation_id: invitationId, created_at: nowIso(deps) })
    .execute();
  return token;
}

export const invitationUrl = (deps: Deps, token: string): string =>
  `${deps.config.publicBaseUrl?.replace(/\/$/, '') ?? ''}${SURVEY_PATH}${token}`;

export interface NewInvitation {
  campaignId: string;
  runKey: string;
  customerId: string;
  contact: { id: string; name: string | null; email: string | null; phone: string | null };
  complaintId: string | null;
  returnVisit: boolean;
  lang: string;
}

/**
 * Inserts invitations with their first tokens, 500 rows per statement; a contact this run already
 * invited is left as it is (the unique key). Returns the links of the invitations it made.
 */
export async function insertInvitations(
  deps: Deps,
  trx: Trx,
  list: readonly NewInvitation[],
): Promise<InvitationLink[]> {
  if (list.length === 0) return [];
  const now = nowIso(deps);
  const today = deps.clock.today();
  const expiresAt = new Date(
    deps.clock.now().getTime() + deps.config.invitationDays * 86_400_000,
  ).toISOString();
  const links: InvitationLink[] = [];
  const CHUNK = 500;
  for (let i = 0; i < list.length; i += CHUNK) {
    const chunk = list.slice(i, i + CHUNK);
    const tokens = chunk.map(() => randomBytes(24).toString('base64url'));
    const rows = chunk.map((inv, j) => ({
      id: newId(),
      campaign_id: inv.campaignId,
      run_key: inv.runKey,
      customer_id: inv.customerId,
      contact_id: inv.contact.id,
      token_hash: hashToken(tokens[j]!),
      complaint_id: inv.complaintId,
      return_visit: inv.returnVisit ? 1 : 0,
      lang: inv.lang,
      status: 'sent',
      invited_at: now,
      invited_on: today,
      expires_at: expiresAt,
      reminders_sent: 0,
      last_sent_on: today,
      opened_at: null,
      submitted_at: null,
    }));
    const inserted = await trx
      .insertInto('sat_invitation')
      .values(rows)
      .onConflict((oc) => oc.columns(['campaign_id', 'contact_id', 'run_key']).doNothing())
      .returning('id')
      .execute();
    const made = new Set(inserted.map((r) => r.id as string));
    rows.forEach((r, j) => {
      if (!made.has(r.id)) return;
      links.push({
        invitationId: r.id,
        campaignId: r.campaign_id,
        customerId: r.customer_id,
        contactId: r.contact_id,
        contactName: chunk[j]!.contact.name,
        email: chunk[j]!.contact.email,
        phone: chunk[j]!.contact.phone,
        lang: r.lang,
        url: invitationUrl(deps, tokens[j]!),
        reminder: false,
        expiresAt,
      });
    });
  }
  return links;
}

/** Hands links to whoever delivers them (the `satisfaction.deliverInvitations` filter). */
export async function deliver(deps: Deps, trx: Trx, links: InvitationLink[]): Promise<void> {
  if (links.length > 0 && deps.hooks.hasFilters('satisfaction.deliverInvitations'))
    await deps.hooks.applyFilters('satisfaction.deliverInvitations', { links }, { trx, principal: null });
}

/**
 * Contacts among `contactIds` that may not be invited today: opted out, or (unless `bypassFatigue`)
 * invited by any campaign within the fatigue window.
 */
export async function blockedContacts(
  deps: Deps,
  db: Executor,
  contactIds: readonly string[],
  bypassFatigue: boolean,
): Promise<{ optedOut: Set<string>; fatigued: Set<string> }> {
  const optedOut = new Set<string>();
  const fatigued = new Set<string>();
  const CHUNK = 500;
  for (let i = 0; i < contactIds.length; i += CHUNK) {
    const ids = contactIds.slice(i, i + CHUNK);
    for (const r of await db
      .selectFrom('sat_opt_out')
      .select('contact_id')
      .where('contact_id', 'in', ids)
      .execute())
      optedOut.add(r.contact_id);
    if (!bypassFatigue && deps.config.fatigueDays > 0) {
      const since = addDays(deps.clock.today(), -deps.config.fatigueDays + 1);
      const rows = await db
        .selectFrom('sat_invitation')
        .select('contact_id')
        .distinct()
        .where('contact_id', 'in', ids)
        .where('invited_on', '>=', since)
        .execute();
      for (const r of rows) fatigued.add(r.contact_id);
    }
  }
  return { optedOut, fatigued };
}

export interface InvitationView {
  id: string;
  campaignId: string;
  customerId: string;
  contactId: string;
  complaintId: string | null;
  status: InvitationStatus;
  lang: string;
  invitedAt: string;
  expiresAt: string;
  remindersSent: number;
  openedAt: string | null;
  submittedAt: string | null;
}

export const toInvitation = (r: Record<string, any>): InvitationView => ({
  id: r.id,
  campaignId: r.campaign_id,
  customerId: r.customer_id,
  contactId: r.contact_id,
  complaintId: r.complaint_id ?? null,
  status: r.status,
  lang: r.lang,
  invitedAt: r.invited_at,
  expiresAt: r.expires_at,
  remindersSent: Number(r.reminders_sent),
  openedAt: r.opened_at ?? null,
  submittedAt: r.submitted_at ?? null,
});

/**
 * The daily round: reminders to contacts who have not answered (a fresh link each, up to the
 * configured count and spacing), invitations past their expiry marked expired.
 */
export async function remindAndExpire(deps: Deps): Promise<{ reminded: number; expired: number }> {
  const now = nowIso(deps);
  const today = deps.clock.today();
  return deps.transaction(async (trx) => {
    const expired = await trx
      .updateTable('sat_invitation')
      .set({ status: 'expired' })
      .where('status', 'in', [...OPEN_STATUSES])
      .where('expires_at', '<=', now)
      .executeTakeFirst();
    const { count, everyDays } = deps.config.reminders;
    let reminded = 0;
    if (count > 0) {
      const due = await trx
        .selectFrom('sat_invitation')
        .selectAll()
        .where('status', 'in', [...OPEN_STATUSES])
        .where('reminders_sent', '<', count)
        .where('last_sent_on', '<=', addDays(today, -everyDays))
        .execute();
      const contacts = new Map<string, { name: string; email: string | null; phone: string | null }>();
      const byCustomer = await deps.customers.contacts.forCustomers(
        [...new Set(due.map((d) => d.customer_id))],
        trx,
      );
      for (const list of byCustomer.values()) for (const c of list) contacts.set(c.id, c);
      const links: InvitationLink[] = [];
      for (const inv of due) {
        const token = await issueToken(deps, trx, inv.id);
        await trx
          .updateTable('sat_invitation')
          .set({ reminders_sent: Number(inv.reminders_sent) + 1, last_sent_on: today })
          .where('id', '=', inv.id)
          .execute();
        const c = contacts.get(inv.contact_id);
        links.push({
          invitationId: inv.id,
          campaignId: inv.campaign_id,
          customerId: inv.customer_id,
          contactId: inv.contact_id,
          contactName: c?.name ?? null,
          email: c?.email ?? null,
          phone: c?.phone ?? null,
          lang: inv.lang,
          url: invitationUrl(deps, token),
          reminder: true,
          expiresAt: inv.expires_at,
        });
        reminded++;
      }
      await deliver(deps, trx, links);
    }
    return { reminded, expired: Number(expired.numUpdatedRows) };
  });
}
