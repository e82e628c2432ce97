import type { PluginContext } from '@kehu/core';
import { formKitMessages } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { approvalsPage } from './ui-approvals';
import { complaintPage } from './ui-complaint';
import { intakePage } from './ui-intake';
import { issuesPage } from './ui-issues';
import { L } from './ui-kit';
import { MESSAGES } from './ui-messages.js';
import { queuePage } from './ui-queue';
import { reportsPage } from './ui-reports';
import { slaPages } from './ui-sla';

/** Console pages: the queue, the intake form for a phone call, the complaint page, issues, reports, SLA settings. */
export function complaintsUi(ctx: PluginContext<unknown>, _deps: Deps): void {
  ctx.ui.messages({
    en: { ...formKitMessages.en, ...MESSAGES.en },
    'zh-CN': { ...formKitMessages['zh-CN'], ...MESSAGES['zh-CN'] },
  });
  ctx.ui.nav({
    label: L('Complaints', '客户投诉'),
    href: '/complaints/',
    access: 'complaints.read',
    section: 'main',
    order: 40,
  });
  ctx.ui.nav({
    label: L('Complaint SLA', '投诉时限'),
    href: '/complaints/sla',
    access: 'complaints.admin',
    section: 'admin',
  });
  queuePage(ctx);
  intakePage(ctx);
  complaintPage(ctx);
  approvalsPage(ctx);
  issuesPage(ctx);
  reportsPage(ctx);
  slaPages(ctx);
}
