import type { ComplaintEvent } from '@kehu/plugin-complaints';
import { toCampaign } from './campaigns.js';
import type { Deps } from './context.js';
import { blockedContacts, deliver, insertInvitations, OPEN_STATUSES } from './invitations.js';

const isOpen = (status: string) => (OPEN_STATUSES as readonly string[]).includes(status);

/**
 * A survey after a complaint (投诉处理后回访调查): each active campaign triggered by the event invites
 * the complaint's contact (or the customer's primary contact). The answer is recorded as the
 * complaint's return visit through the complaints service when submitted.
 */
export async function inviteAfterComplaint(
  deps: Deps,
  trigger: 'complaint_closed' | 'complaint_replied',
  complaint: ComplaintEvent,
): Promise<number> {
  const campaigns = (
    await deps.db
      .selectFrom('sat_campaign')
      .selectAll()
      .where('status', '=', 'active')
      .where('schedule', '=', 'triggered')
      .where('trigger_on', '=', trigger)
      .execute()
  ).map(toCampaign);
  if (campaigns.length === 0) return 0;
  const customer = (await deps.customers.summaries([complaint.customerId])).get(complaint.customerId);
  if (!customer || customer.deleted || customer.terminated || customer.doNotContact) return 0;
  const contacts = await deps.customers.contacts.list(complaint.customerId);
  const contact = contacts.find((c) => c.id === complaint.contactId) ?? contacts[0];
  if (!contact) return 0;
  return deps.transaction(async (trx) => {
    const { optedOut, fatigued } = await blockedContacts(
      deps,
      trx,
      [contact.id],
      deps.config.complaintFollowUpBypassesFatigue,
    );
    if (optedOut.has(contact.id) || fatigued.has(contact.id)) return 0;
    let invited = 0;
    for (const campaign of campaigns) {
      const earlier = await trx
        .selectFrom('sat_invitation')
        .select('status')
        .where('campaign_id', '=', campaign.id)
        .where('complaint_id', '=', complaint.complaintId)
        .execute();
      // A complaint closes once, so it is surveyed once; a reopened complaint is replied to again, and
      // each reply gets its own return-visit survey once the previous one is no longer waiting.
      if (trigger === 'complaint_closed' ? earlier.length > 0 : earlier.some((e) => isOpen(e.status)))
        continue;
      const runKey = `complaint:${complaint.complaintId}:${earlier.length + 1}`;
      const links = await insertInvitations(deps, trx, [
        {
          campaignId: campaign.id,
          runKey,
          customerId: complaint.customerId,
          contact: { id: contact.id, name: contact.name, email: contact.email, phone: contact.phone },
          complaintId: complaint.complaintId,
          returnVisit: trigger === 'complaint_replied',
          lang: campaign.language,
        },
      ]);
      await deliver(deps, trx, links);
      invited += links.length;
    }
    return invited;
  });
}
