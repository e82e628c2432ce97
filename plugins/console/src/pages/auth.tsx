import { Accounts } from '@kehu/core';
import { deleteCookie, getCookie, setCookie } from '@kehu/core/ui';
import type { ConsoleApp } from '../app';
import { errorPage, Field, Notice, PageHead } from '../components';
import type { Page, SignedInPage } from '../context.js';
import { flashNext } from '../context.js';
import { text } from '../form.js';
import { isLanguage } from '../i18n.js';
import { CsrfField, Layout } from '../layout';
import {
  clearSessionCookie,
  clientAddress,
  LANGUAGE_COOKIE,
  PRE_SESSION_COOKIE,
  SESSION_COOKIE,
  safeNext,
  setSessionCookie,
} from '../session.js';

function SignInPage({
  page,
  email,
  error,
  next,
}: {
  page: Page;
  email?: string;
  error?: string;
  next: string;
}) {
  return (
    <Layout page={page} title={page.t('auth.signIn')}>
      <div class="auth-wrap">
        <div class="auth-card">
          <div class="auth-brand">{page.settings.title}</div>
          <div class="card">
            <h1>{page.t('auth.signIn')}</h1>
            <p class="muted">{page.t('auth.signInIntro')}</p>
            {error ? <Notice kind="error">{error}</Notice> : null}
            <form method="post" action="/sign-in" class="stack">
              <CsrfField page={page} />
              <input type="hidden" name="next" value={next} />
              <Field
                name="email"
                type="email"
                label={page.t('auth.email')}
                value={email}
                required
                autocomplete="username"
              />
              <Field
                name="password"
                type="password"
                label={page.t('auth.password')}
                required
                autocomplete="current-password"
              />
              <div>
                <button type="submit">{page.t('auth.signIn')}</button>
              </div>
            </form>
          </div>
          <LanguageLinks page={page} />
        </div>
      </div>
    </Layout>
  );
}

function LanguageLinks({ page }: { page: Page }) {
  return (
    <form method="post" action="/language" class="actions">
      <CsrfField page={page} />
      <input type="hidden" name="next" value={page.c.req.path + new URL(page.c.req.url).search} />
      <button
        type="submit"
        name="lang"
        value="zh-CN"
        class="link"
        aria-pressed={page.lang === 'zh-CN' ? 'true' : 'false'}
      >
        中文
      </button>
      <span class="muted">·</span>
      <button
        type="submit"
        name="lang"
        value="en"
        class="link"
        aria-pressed={page.lang === 'en' ? 'true' : 'false'}
      >
        English
      </button>
    </form>
  );
}

/** Sign-in, sign-out, invitations, the language switch and the account page. */
export function authPages(app: ConsoleApp): void {
  app.get('/sign-in', (c) => {
    const page = c.get('page');
    if (page.principal) return c.redirect(safeNext(c.req.query('next'), '/dashboard'), 303);
    return c.html(<SignInPage page={page} next={safeNext(c.req.query('next'), '/dashboard')} />);
  });

  app.post('/sign-in', async (c) => {
    const page = c.get('page');
    const form = c.get('form');
    const email = text(form, 'email').slice(0, 320);
    const password = typeof form.password === 'string' ? form.password.slice(0, 1000) : '';
    const next = safeNext(text(form, 'next'), '/dashboard');
    const result = await page.kernel.accounts.signIn(
      email,
      password,
      clientAddress(c as never, page.settings.trustProxy),
    );
    if (!result.ok) {
      const error =
        result.reason === 'locked'
          ? page.t('auth.locked', { time: page.format.dateTime(result.until) })
          : page.t('auth.invalid');
      return c.html(
        <SignInPage page={page} email={email} error={error} next={next} />,
        result.reason === 'locked' ? 429 : 401,
      );
    }
    // A new id on every sign-in: a session id planted before sign-in is worth nothing after it.
    const old = getCookie(c, SESSION_COOKIE);
    if (old) await page.kernel.accounts.endSession(old);
    const session = await page.kernel.accounts.startSession(result.userId, page.settings.session);
    setSessionCookie(c as never, session.id, page.settings.trustProxy);
    deleteCookie(c, PRE_SESSION_COOKIE, { path: '/' });
    return c.redirect(next, 303);
  });

  app.post('/sign-out', async (c) => {
    const id = getCookie(c, SESSION_COOKIE);
    if (id) await c.get('page').kernel.accounts.endSession(id);
    clearSessionCookie(c as never);
    return c.redirect('/sign-in', 303);
  });

  app.post('/language', async (c) => {
    const page = c.get('page');
    const lang = text(c.get('form'), 'lang');
    if (isLanguage(lang)) {
      setCookie(c, LANGUAGE_COOKIE, lang, { path: '/', sameSite: 'Lax', maxAge: 365 * 86_400 });
      if (page.principal) await page.kernel.users.update(page.principal.id, { language: lang });
    }
    return c.redirect(safeNext(text(c.get('form'), 'next'), '/'), 303);
  });

  const invitationPage = (page: Page, token: string, error?: string) =>
    page.c.html(
      <Layout page={page} title={page.t('auth.setPassword')}>
        <div class="auth-wrap">
          <div class="auth-card">
            <div class="auth-brand">{page.settings.title}</div>
            <div class="card">
              <h1>{page.t('auth.setPassword')}</h1>
              <p class="muted">{page.t('auth.setPasswordIntro')}</p>
              {error ? <Notice kind="error">{error}</Notice> : null}
              <form method="post" action={`/invite/${encodeURIComponent(token)}`} class="stack">
                <CsrfField page={page} />
                <Field
                  name="password"
                  type="password"
                  label={page.t('auth.newPassword')}
                  required
                  autocomplete="new-password"
                  hint={page.t('auth.passwordRule')}
                />
                <Field
                  name="confirm"
                  type="password"
                  label={page.t('auth.confirmPassword')}
                  required
                  autocomplete="new-password"
                />
                <div>
                  <button type="submit">{page.t('auth.setPassword')}</button>
                </div>
              </form>
            </div>
          </div>
        </div>
      </Layout>,
      error ? 422 : 200,
    );

  app.get('/invite/:token', async (c) => {
    const page = c.get('page');
    const token = c.req.param('token');
    if (!(await page.kernel.accounts.invitation(token)))
      return errorPage(page, 404, <p>{page.t('auth.invitationInvalid')}</p>);
    return invitationPage(page, token);
  });

  app.post('/invite/:token', async (c) => {
    const page = c.get('page');
    const token = c.req.param('token');
    const form = c.get('form');
    const password = typeof form.password === 'string' ? form.password : '';
    if (!(await page.kernel.accounts.invitation(token)))
      return errorPage(page, 404, <p>{page.t('auth.invitationInvalid')}</p>);
    if (Accounts.passwordProblem(password)) return invitationPage(page, token, page.t('auth.passwordRule'));
    if (password !== form.confirm) return invitationPage(page, token, page.t('auth.passwordMismatch'));
    const accepted = await page.kernel.accounts.acceptInvitation(token, password);
    if (!accepted) return errorPage(page, 404, <p>{page.t('auth.invitationInvalid')}</p>);
    const session = await page.kernel.accounts.startSession(accepted.userId, page.settings.session);
    setSessionCookie(c as never, session.id, page.settings.trustProxy);
    deleteCookie(c, PRE_SESSION_COOKIE, { path: '/' });
    setCookie(
      c,
      'kehu_flash',
      encodeURIComponent(JSON.stringify({ kind: 'success', text: page.t('auth.passwordSet') })),
      {
        path: '/',
        httpOnly: true,
        sameSite: 'Lax',
      },
    );
    return c.redirect('/dashboard', 303);
  });

  app.get('/account', async (c) => {
    const page = c.get('page') as SignedInPage;
    const sessions = await page.kernel.accounts.openSessions(page.principal.id);
    return c.html(
      <Layout page={page} title={page.t('nav.account')}>
        <PageHead title={page.t('nav.account')} subtitle={page.principal.name} />
        <div class="card">
          <h2>{page.t('account.sessions')}</h2>
          <p>{page.t('account.openSessions', { count: sessions })}</p>
          <form
            method="post"
            action="/account/sign-out-everywhere"
            data-confirm={page.t('account.signOutEverywhereConfirm')}
          >
            <CsrfField page={page} />
            <button type="submit" class="danger">
              {page.t('account.signOutEverywhere')}
            </button>
          </form>
        </div>
      </Layout>,
    );
  });

  app.post('/account/sign-out-everywhere', async (c) => {
    const page = c.get('page') as SignedInPage;
    await page.kernel.accounts.endAllSessions(page.principal.id);
    clearSessionCookie(c as never);
    flashNext(page, 'success', page.t('account.signedOutEverywhere'));
    return c.redirect('/sign-in', 303);
  });
}
