import type { KehuEnv, Kernel } from '@kehu/core';
import { bodyLimit, csrf, getCookie, Hono, secureHeaders } from '@kehu/core/ui';
import { consoleAssets } from './assets.js';
import { errorPage } from './components';
import type { Page } from './context.js';
import { labelOf, makeT } from './context.js';
import { formatter } from './format.js';
import { isLanguage, negotiateLanguage } from './i18n.js';
import { accessRequestPages } from './pages/access-requests';
import { adminPages } from './pages/admin';
import { webhookPages } from './pages/admin-webhooks';
import { apiDocs } from './pages/api-docs';
import { archivePages } from './pages/archive';
import { authPages } from './pages/auth';
import { contactPages } from './pages/contacts';
import { customerPages } from './pages/customer';
import { customerFormPages } from './pages/customer-form';
import { customerPickerPages } from './pages/customer-picker';
import { customerListPages } from './pages/customers';
import { dashboardPages } from './pages/dashboard';
import { importPages } from './pages/import';
import { inboxPages } from './pages/inbox';
import { pluginPages } from './pages/plugin-pages';
import {
  CSRF_FIELD,
  csrfMatches,
  csrfTokenOf,
  LANGUAGE_COOKIE,
  PRE_SESSION_COOKIE,
  preSession,
  SESSION_COOKIE,
  takeFlash,
} from './session.js';
import type { ConsoleSettings } from './settings.js';

export interface ConsoleEnv {
  Variables: KehuEnv['Variables'] & {
    page: Page;
    /** The posted form's fields (after the CSRF check). */
    form: Record<string, string | string[] | File | File[]>;
  };
}

export type ConsoleApp = Hono<ConsoleEnv>;

/** Paths anyone may open; every other page needs a session. */
const PUBLIC = [/^\/sign-in$/, /^\/invite\/[^/]+$/, /^\/language$/];
const MAX_FORM_BYTES = 64 * 1024 * 1024;

const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  baseUri: ["'none'"],
  objectSrc: ["'none'"],
};

export function consoleApp(kernel: Kernel, settings: ConsoleSettings): ConsoleApp {
  const app = new Hono<ConsoleEnv>();

  // The API docs live under /api but are a page of the console (they load its own assets).
  apiDocs(app);

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    return secureHeaders({
      contentSecurityPolicy: CSP,
      xFrameOptions: 'DENY',
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    })(c, next);
  });

  app.get('/assets/:file', (c) => {
    const a = consoleAssets().get(c.req.path);
    if (!a) return c.text('Not found', 404);
    c.header('content-type', a.type);
    c.header('cache-control', 'public, max-age=31536000, immutable');
    return c.body(a.body);
  });

  app.use('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const sessionId = getCookie(c, SESSION_COOKIE);
    const session = sessionId ? await kernel.accounts.session(sessionId, settings.session) : null;
    const cookieLang = getCookie(c, LANGUAGE_COOKIE);
    const lang = isLanguage(session?.language)
      ? session.language
      : isLanguage(cookieLang)
        ? cookieLang
        : negotiateLanguage(c.req.header('accept-language'));
    const secret = session && sessionId ? sessionId : (getCookie(c, PRE_SESSION_COOKIE) ?? '');
    let token: string | undefined;
    const page: Page = {
      kernel,
      settings,
      c: c as never,
      principal: session?.principal ?? null,
      lang,
      format: formatter(lang, settings.timeZone),
      get csrfToken() {
        // Anonymous pages create their pre-session cookie the first time a form needs a token.
        token ??= csrfTokenOf(session && sessionId ? sessionId : preSession(c as never, settings.trustProxy));
        return token;
      },
      flash: takeFlash(c as never),
      t: makeT(lang),
      label: (l) => labelOf(lang, l),
    };
    c.set('page', page);
    c.set('principal', page.principal);
    c.header('cache-control', 'no-store');
    c.header('vary', 'cookie, accept-language');

    const unsafe = !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method);
    if (unsafe) {
      const refusal = errorPage.bind(null, page, 403);
      try {
        await csrf()(c, async () => {});
      } catch {
        return refusal();
      }
      let form: Record<string, string | string[] | File | File[]> = {};
      const type = c.req.header('content-type') ?? '';
      if (/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) {
        let tooLarge = false;
        await bodyLimit({
          maxSize: MAX_FORM_BYTES,
          onError: () => {
            tooLarge = true;
            return c.text('Too large', 413);
          },
        })(c, async () => {
          form = (await c.req.parseBody({ all: true })) as typeof form;
        });
        if (tooLarge) return c.text(page.t('error.tooLarge'), 413);
      }
      if (!secret || !csrfMatches(secret, form[CSRF_FIELD])) return refusal();
      c.set('form', form);
    }

    if (!page.principal && !PUBLIC.some((r) => r.test(c.req.path))) {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') {
        const next =
          c.req.path === '/' ? '' : `?next=${encodeURIComponent(c.req.path + new URL(c.req.url).search)}`;
        return c.redirect(`/sign-in${next}`, 303);
      }
      return c.redirect('/sign-in', 303);
    }
    return next();
  });

  app.get('/', (c) => c.redirect(c.get('page').principal ? '/dashboard' : '/sign-in', 303));
  authPages(app);
  dashboardPages(app);
  inboxPages(app);
  archivePages(app);
  customerListPages(app);
  customerPickerPages(app);
  customerFormPages(app);
  contactPages(app);
  customerPages(app);
  accessRequestPages(app);
  importPages(app);
  adminPages(app);
  webhookPages(app);
  pluginPages(app);

  app.all('*', (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    return errorPage(c.get('page'), 404);
  });
  return app;
}
