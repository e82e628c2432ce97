import type { HookDescription } from '@kehu/core';
import { defineCommand } from '../command.js';

/** `describeHooks()` as a reader wants it: filters in the order they run, events with their subscribers. */
export function formatHooks(hooks: HookDescription): string {
  const lines = ['Filters (run inside the writing transaction, in this order; any may refuse the write):'];
  if (hooks.filters.length === 0) lines.push('  none');
  for (const f of hooks.filters) {
    lines.push(`  ${f.name}`);
    for (const h of f.handlers) lines.push(`    ${h.order}. ${h.plugin} (priority ${h.priority})`);
  }
  lines.push('', 'Events (delivered after commit, one delivery record per subscriber):');
  if (hooks.events.length === 0) lines.push('  none');
  for (const e of hooks.events) {
    lines.push(`  ${e.name}`);
    for (const s of e.subscribers) lines.push(`    - ${s.id} (${s.plugin})`);
  }
  return lines.join('\n') + '\n';
}

export const hooksCommand = defineCommand({
  path: ['hooks'],
  summary: 'Every filter and event subscriber, in execution order',
  usage: 'kehu hooks [--json]',
  description:
    'Shows the filters of each hook in the order they run (priority, then plugin dependency order, then registration) and the subscribers of each event.',
  options: { json: { type: 'boolean', description: 'print describeHooks() as JSON' } },
  async run(ctx) {
    const { kernel } = await ctx.boot();
    const hooks = kernel.describeHooks();
    ctx.out(ctx.values.json ? JSON.stringify(hooks, null, 2) : formatHooks(hooks));
  },
});
