import { BootError } from '../errors.js';
import type { Labels } from '../registry/types.js';

/** After `afterHours` overdue, notify the holders of `role`, or hand the activity to one of them. */
export interface EscalationRule {
  afterHours: number;
  action: 'notify' | 'reassign';
  role: string;
}

export interface ActivityTypeDefinition {
  name: string;
  labels: Labels;
  /** The kernel's, or the plugin that added it. */
  plugin: string;
  /** Used unless the host configures one for the type (`activities.escalations`). */
  escalation?: EscalationRule | undefined;
}

const l = (en: string, zh: string): Labels => ({ en, 'zh-CN': zh });

/** The kinds of activity every installation has; plugins add theirs with `ctx.activities.defineType`. */
export const KERNEL_ACTIVITY_TYPES: readonly Omit<ActivityTypeDefinition, 'plugin'>[] = [
  { name: 'call', labels: l('Call', '电话') },
  { name: 'visit', labels: l('Visit', '拜访') },
  { name: 'email', labels: l('Email', '邮件') },
  { name: 'meeting', labels: l('Meeting', '会议') },
  { name: 'todo', labels: l('To-do', '待办') },
  { name: 'approval', labels: l('Approval', '审批') },
  { name: 'contract_expiry', labels: l('Contract expiring', '合同到期提醒') },
  // A warning or question someone must answer; unanswered by its date, the sales manager hears of it.
  {
    name: 'answer_required',
    labels: l('Answer required', '待答复'),
    escalation: { afterHours: 0, action: 'notify', role: 'sales_manager' },
  },
];

const TYPE_NAME = /^[a-z][a-z0-9_]{0,49}$/;

export class ActivityTypes {
  private readonly types = new Map<string, ActivityTypeDefinition>();

  constructor() {
    for (const t of KERNEL_ACTIVITY_TYPES) this.types.set(t.name, { ...t, plugin: 'kernel' });
  }

  define(plugin: string, name: string, options: { labels: Labels; escalation?: EscalationRule }): void {
    if (!TYPE_NAME.test(name))
      throw new BootError(`Activity type "${name}" (by ${plugin}) must be a lower-case snake_case name`);
    const had = this.types.get(name);
    if (had) throw new BootError(`Activity type "${name}" is defined twice (by ${had.plugin} and ${plugin})`);
    this.types.set(name, { name, plugin, labels: options.labels, escalation: options.escalation });
  }

  has(name: string): boolean {
    return this.types.has(name);
  }

  get(name: string): ActivityTypeDefinition | undefined {
    return this.types.get(name);
  }

  list(): ActivityTypeDefinition[] {
    return [...this.types.values()];
  }
}
