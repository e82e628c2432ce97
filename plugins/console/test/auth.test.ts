import { json, testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { consoleTest, PASSWORD } from './support.js';

describe.each(testDatabases())('console sign-in and sessions on $name', (db) => {
  it('signs in with a password, rotates the session and signs out', async () => {
    const ct = await consoleTest(db);
    try {
      const am = await ct.person(['account_manager'], 'Wang Fang');
      const b = ct.browser();
      const start = await b.get('/dashboard');
      expect(start.status).toBe(303);
      expect(start.headers.get('location')).toBe('/sign-in?next=%2Fdashboard');
      const form = await b.get('/sign-in');
      expect(form.status).toBe(200);
      expect(b.lastHtml).toContain('name="_csrf"');
      b.setCookie('kehu_session', 'planted-by-an-attacker');
      const res = await b.signIn(am.email);
      const cookie = res.headers.getSetCookie().find((c) => c.startsWith('kehu_session='))!;
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Lax/i);
      expect(cookie).not.toMatch(/Secure/);
      expect(b.cookie('kehu_session')).not.toBe('planted-by-an-attacker');
      // Only the hash of the id is stored.
      const rows = await ct.t.kernel.database.db.selectFrom('kehu_session').select('id_hash').execute();
      expect(rows.map((r) => r.id_hash)).not.toContain(b.cookie('kehu_session'));
      const dash = await b.get('/dashboard');
      expect(dash.status).toBe(200);
      expect(b.lastHtml).toContain('Wang Fang');
      await b.post('/sign-out', {});
      expect((await b.get('/dashboard')).status).toBe(303);
    } finally {
      await ct.close();
    }
  });

  it('refuses a wrong password and locks the account after five failures, with a clear message', async () => {
    const ct = await consoleTest(db);
    try {
      const am = await ct.person(['account_manager']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.get('/sign-in');
      for (let i = 0; i < 4; i++) {
        const res = await b.post('/sign-in', { email: am.email, password: 'wrong password!' });
        expect(res.status).toBe(401);
        expect(b.lastHtml).toContain('The email or password is not correct.');
      }
      const fifth = await b.post('/sign-in', { email: am.email, password: 'wrong password!' });
      expect(fifth.status).toBe(429);
      expect(b.lastHtml).toContain('Too many failed sign-ins');
      // Even the right password is refused while locked.
      expect((await b.post('/sign-in', { email: am.email, password: PASSWORD })).status).toBe(429);
      ct.t.clock.advance(16 * 60_000);
      expect((await b.post('/sign-in', { email: am.email, password: PASSWORD })).status).toBe(303);
    } finally {
      await ct.close();
    }
  });

  it('ends idle and old sessions, and signs out everywhere', async () => {
    const ct = await consoleTest(db);
    try {
      const am = await ct.person(['account_manager']);
      const a = ct.browser();
      const b = ct.browser();
      await a.signIn(am.email);
      await b.signIn(am.email);
      ct.t.clock.advance(119 * 60_000);
      expect((await a.get('/dashboard')).status).toBe(200);
      ct.t.clock.advance(121 * 60_000);
      // b was idle for 240 minutes: gone; a was used 121 minutes ago: gone too (idle limit 120).
      expect((await b.get('/dashboard')).status).toBe(303);
      expect((await a.get('/dashboard')).status).toBe(303);
      await a.signIn(am.email);
      await b.signIn(am.email);
      for (let h = 0; h < 12; h++) {
        ct.t.clock.advance(60 * 60_000);
        await a.get('/dashboard');
      }
      expect((await a.get('/dashboard')).status).toBe(303);
      await a.signIn(am.email);
      await b.signIn(am.email);
      await a.get('/account');
      expect(a.lastHtml).toContain('2 device');
      await a.post('/account/sign-out-everywhere', {});
      expect((await a.get('/dashboard')).status).toBe(303);
      expect((await b.get('/dashboard')).status).toBe(303);
    } finally {
      await ct.close();
    }
  });

  it('sets a password through a one-time invitation an admin creates', async () => {
    const ct = await consoleTest(db);
    try {
      const admin = await ct.person(['admin']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get('/admin/users');
      const res = await b.post('/admin/users', {
        name: 'Zhao Lei',
        email: 'zhao.lei@example.cn',
        roles: ['staff'],
      });
      expect(res.status).toBe(200);
      const link = /http:\/\/localhost\/invite\/([A-Za-z0-9_-]+)/.exec(b.lastHtml)?.[1];
      expect(link).toBeTruthy();
      // Stored hashed only.
      const stored = await ct.t.kernel.database.db
        .selectFrom('kehu_invitation')
        .select('token_hash')
        .execute();
      expect(JSON.stringify(stored)).not.toContain(link);
      const newcomer = ct.browser({ 'accept-language': 'en' });
      expect((await newcomer.get(`/invite/${link}`)).status).toBe(200);
      expect((await newcomer.post(`/invite/${link}`, { password: 'short', confirm: 'short' })).status).toBe(
        422,
      );
      const set = await newcomer.post(`/invite/${link}`, {
        password: 'a long enough pass',
        confirm: 'a long enough pass',
      });
      expect(set.status).toBe(303);
      expect((await newcomer.get('/dashboard')).status).toBe(200);
      expect(newcomer.lastHtml).toContain('Your password is set');
      // Once only.
      expect((await ct.browser().get(`/invite/${link}`)).status).toBe(404);
      const again = ct.browser();
      await again.signIn('zhao.lei@example.cn', 'a long enough pass');
    } finally {
      await ct.close();
    }
  });

  it('refuses state-changing requests without the Origin check or the form token', async () => {
    const ct = await consoleTest(db);
    try {
      const am = await ct.person(['account_manager']);
      const b = ct.browser();
      await b.signIn(am.email);
      await b.get('/dashboard');
      expect((await b.post('/sign-out', {}, { origin: 'https://evil.example' })).status).toBe(403);
      expect((await b.post('/sign-out', {}, { origin: null })).status).toBe(403);
      expect((await b.post('/sign-out', {}, { csrf: null })).status).toBe(403);
      expect((await b.post('/sign-out', {}, { csrf: 'forged' })).status).toBe(403);
      expect((await b.get('/dashboard')).status).toBe(200);
      // The API keeps bearer tokens: a session cookie is not a credential there.
      const api = await ct.t.kernel.app.request('/api/v1/me', {
        headers: { cookie: `kehu_session=${b.cookie('kehu_session')}` },
      });
      expect(api.status).toBe(401);
      expect((await json(api)).code).toBe('unauthorized');
    } finally {
      await ct.close();
    }
  });

  it('sends a strict content security policy and forbids framing', async () => {
    const ct = await consoleTest(db);
    try {
      const res = await ct.browser().get('/sign-in');
      const csp = res.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      const html = await res.text();
      // No inline script: every <script> has a src on our own origin.
      for (const m of html.matchAll(/<script([^>]*)>/g)) expect(m[1]).toMatch(/src="\/assets\//);
    } finally {
      await ct.close();
    }
  });
});
