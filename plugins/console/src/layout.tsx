import type { Child } from '@kehu/core/ui';
import { assetPath } from './assets.js';
import type { Page } from './context.js';
import { labelOf } from './context.js';
import type { MessageKey } from './i18n.js';
import { CSRF_FIELD } from './session.js';

export interface NavItem {
  href: string;
  label: string;
  order: number;
}

const KERNEL_NAV: { href: string; key: MessageKey; access?: string; order: number }[] = [
  { href: '/dashboard', key: 'nav.dashboard', order: 0 },
  { href: '/inbox', key: 'nav.inbox', order: 5 },
  { href: '/customers', key: 'nav.customers', access: 'customers.read', order: 10 },
  { href: '/customer-value', key: 'nav.customerValue', access: 'customers.read', order: 15 },
  { href: '/access-requests', key: 'nav.accessRequests', access: 'customers.grants.request', order: 20 },
  {
    href: '/change-requests',
    key: 'nav.changeRequests',
    access: 'customers.changeRequests.decide',
    order: 25,
  },
  { href: '/import', key: 'nav.import', access: 'customers.import', order: 30 },
];

/** Admin pages and the permission each needs. */
export const ADMIN_PAGES: { href: string; key: MessageKey; access: string }[] = [
  { href: '/admin/users', key: 'admin.users', access: 'users.read' },
  { href: '/admin/invitations', key: 'admin.invitations', access: 'users.manage' },
  { href: '/admin/custom-fields', key: 'admin.customFields', access: 'customers.customFields.manage' },
  { href: '/admin/plugins', key: 'admin.plugins', access: 'admin.hooks' },
  { href: '/admin/hooks', key: 'admin.hooks', access: 'admin.hooks' },
  { href: '/admin/deliveries', key: 'admin.deliveries', access: 'admin.hooks' },
  { href: '/admin/jobs', key: 'admin.jobs', access: 'admin.jobs' },
  { href: '/admin/webhooks', key: 'admin.webhooks', access: 'admin.webhooks' },
];

const allowed = (page: Page, access: string | undefined) =>
  !access || (page.principal ? page.principal.can(access) : false);

/** Kernel entries then plugin entries the user may open, in order. */
export function navItems(page: Page, section: 'main' | 'admin'): NavItem[] {
  const items: NavItem[] = [];
  if (section === 'main') {
    for (const n of KERNEL_NAV)
      if (allowed(page, n.access)) items.push({ href: n.href, label: page.t(n.key), order: n.order });
    const admin = ADMIN_PAGES.find((a) => allowed(page, a.access));
    if (admin) items.push({ href: admin.href, label: page.t('nav.admin'), order: 1000 });
  } else {
    ADMIN_PAGES.forEach((a, i) => {
      if (allowed(page, a.access)) items.push({ href: a.href, label: page.t(a.key), order: i });
    });
  }
  for (const n of page.kernel.ui.nav)
    if ((n.section ?? 'main') === section && allowed(page, n.access))
      items.push({ href: n.href, label: labelOf(page.lang, n.label), order: n.order ?? 500 });
  return items.sort((a, b) => a.order - b.order);
}

const current = (path: string, href: string) =>
  path === href || path.startsWith(`${href}/`) ? ('page' as const) : undefined;

export function CsrfField({ page }: { page: Page }) {
  return <input type="hidden" name={CSRF_FIELD} value={page.csrfToken} />;
}

function LanguageSwitch({ page }: { page: Page }) {
  const path = page.c.req.path + (new URL(page.c.req.url).search || '');
  return (
    <form method="post" action="/language" class="lang-form">
      <CsrfField page={page} />
      <input type="hidden" name="next" value={path} />
      <label class="skip" for="lang-select">
        {page.t('common.language')}
      </label>
      <select id="lang-select" name="lang" data-autosubmit aria-label={page.t('common.language')}>
        <option value="zh-CN" selected={page.lang === 'zh-CN'}>
          中文
        </option>
        <option value="en" selected={page.lang === 'en'}>
          English
        </option>
      </select>
      <noscript>
        <button type="submit" class="secondary">
          {page.t('common.apply')}
        </button>
      </noscript>
    </form>
  );
}

export function Layout({ page, title, children }: { page: Page; title: string; children?: Child }) {
  const path = page.c.req.path;
  const isAdmin = path.startsWith('/admin');
  return (
    <html lang={page.lang}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta
          name="htmx-config"
          content='{"includeIndicatorStyles":false,"allowEval":false,"allowScriptTags":false}'
        />
        <title>{`${title} · ${page.settings.title}`}</title>
        <link rel="stylesheet" href={assetPath('css')} />
        <script src={assetPath('htmx')} defer></script>
        <script src={assetPath('js')} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {page.t('common.skipToContent')}
        </a>
        {page.principal ? (
          <header class="topbar">
            <a class="brand" href="/dashboard">
              <span class="brand-mark" aria-hidden="true">
                客
              </span>
              {page.settings.title}
            </a>
            <input type="checkbox" id="nav-toggle" class="nav-toggle" />
            <label for="nav-toggle" class="nav-toggle-label">
              {page.t('common.menu')}
            </label>
            <nav class="nav" aria-label={page.t('common.mainNavigation')}>
              {navItems(page, 'main').map((n) => (
                <a
                  href={n.href}
                  aria-current={
                    current(path, n.href) ?? (isAdmin && n.href.startsWith('/admin') ? 'page' : undefined)
                  }
                >
                  {n.label}
                </a>
              ))}
            </nav>
            <div class="topbar-tools">
              <LanguageSwitch page={page} />
              <details class="user-menu">
                <summary>{page.principal.name}</summary>
                <div class="user-menu-body">
                  <div class="muted small">
                    {page.principal.roles.map((r) => roleLabel(page, r)).join(', ')}
                  </div>
                  <p>
                    <a href="/account">{page.t('nav.account')}</a>
                  </p>
                  <form method="post" action="/sign-out">
                    <CsrfField page={page} />
                    <button type="submit" class="secondary">
                      {page.t('auth.signOut')}
                    </button>
                  </form>
                </div>
              </details>
            </div>
          </header>
        ) : null}
        <main id="main">
          {isAdmin && page.principal ? (
            <nav class="subnav" aria-label={page.t('nav.admin')}>
              {navItems(page, 'admin').map((n) => (
                <a href={n.href} aria-current={current(path, n.href)}>
                  {n.label}
                </a>
              ))}
            </nav>
          ) : null}
          {page.flash ? (
            <div
              class={`notice notice-${page.flash.kind}`}
              role={page.flash.kind === 'error' ? 'alert' : 'status'}
            >
              {page.flash.text}
            </div>
          ) : null}
          {children}
        </main>
        <footer class="footer">Kehu · {page.t('common.footer')}</footer>
      </body>
    </html>
  );
}

export function roleLabel(page: Page, role: string): string {
  const def = page.kernel.permissions.listRoles().find((r) => r.name === role);
  return def ? labelOf(page.lang, def.labels, role) : role;
}
