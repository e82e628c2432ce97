import type { PluginContext } from '@kehu/core';
import { formKitMessages } from '@kehu/core/ui';
import type { Deps } from './context.js';
import { abcPage } from './ui-abc';
import { accountPage } from './ui-account';
import { accountListPages } from './ui-accounts';
import { entitlementPages } from './ui-entitlements';
import { en, zhCN } from './ui-messages.js';
import { scorecardsPage } from './ui-scorecards';

/** The console's key-account pages, navigation entry and customer panel, in English and Chinese. */
export function keyAccountsUi(ctx: PluginContext<unknown>, deps: Deps): void {
  ctx.ui.messages({
    en: { ...formKitMessages.en, ...en },
    'zh-CN': { ...formKitMessages['zh-CN'], ...zhCN },
  });
  ctx.ui.nav({
    label: { en: 'Key accounts', 'zh-CN': '大客户' },
    href: '/key-accounts/accounts',
    access: 'keyAccounts.read',
    order: 230,
  });
  abcPage(ctx);
  accountListPages(ctx, deps);
  accountPage(ctx, deps);
  entitlementPages(ctx, deps);
  scorecardsPage(ctx, deps);
}
