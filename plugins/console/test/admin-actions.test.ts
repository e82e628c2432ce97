import { type TestDatabase, testDatabases } from '@kehu/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Receiver } from './receiver.js';
import { consoleTest } from './support.js';

const SECRET_KEY = 'console admin test key, at least 32 characters';

describe.each(testDatabases())('console admin actions on $name', (db: TestDatabase) => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(() => receiver.close());

  it('replays a dead letter: the delivery runs again and leaves the dead letters', async () => {
    const ct = await consoleTest(db, [], {
      webhooks: { secretKey: SECRET_KEY, allowPrivateNetworks: true },
      dispatcher: { maxAttempts: 1 },
    });
    try {
      await ct.t.request('/api/v1/admin/webhooks', {
        body: { url: receiver.url('/down'), events: ['customer.created'] },
      });
      receiver.answer(500);
      await ct.t.request('/api/v1/customers', { body: { name: '宁波港务' } });
      await ct.t.drain();
      const admin = await ct.person(['admin']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get('/admin/deliveries?status=dead');
      const id = /action="\/admin\/deliveries\/([^/]+)\/replay"/.exec(b.lastHtml)?.[1];
      expect(id).toBeTruthy();
      const replayed = await b.post(`/admin/deliveries/${id}/replay`, {});
      expect(replayed.status).toBe(303);
      await b.get(replayed.headers.get('location')!);
      expect(b.lastHtml).toContain('The delivery was queued again.');
      expect(b.lastHtml).not.toContain(`/admin/deliveries/${id}/replay`);
      await ct.t.drain();
      expect(receiver.received.map((r) => r.path)).toEqual(['/down', '/down']);
      await b.get('/admin/deliveries?status=dead');
      expect(b.lastHtml).toContain('No deliveries.');
      await b.get('/admin/deliveries?status=delivered');
      expect(b.lastHtml).toContain('<code>customer.created</code>');
      // Replaying it again is refused: it is no longer dead.
      await b.get('/admin/deliveries');
      await b.post(`/admin/deliveries/${id}/replay`, {});
      await b.get('/admin/deliveries?status=dead');
      expect(b.lastHtml).toContain('notice-error');
    } finally {
      await ct.close();
    }
  });

  it('issues a token shown once that works against the API, lists it without its secret, and revokes it', async () => {
    const ct = await consoleTest(db);
    try {
      const admin = await ct.person(['admin']);
      const am = await ct.person(['account_manager'], 'Gao Yan');
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get(`/admin/users/${am.id}`);
      const issued = await b.post(`/admin/users/${am.id}/tokens`, { name: 'ERP import' });
      expect(issued.status).toBe(200);
      expect(b.lastHtml).toContain('API token for Gao Yan');
      const token = /<div class="secret">([^<]+)<\/div>/.exec(b.lastHtml)?.[1] ?? '';
      expect(token.length).toBeGreaterThan(20);
      const asToken = () =>
        ct.t.kernel.app.request('/api/v1/customers', { headers: { authorization: `Bearer ${token}` } });
      expect((await asToken()).status).toBe(200);
      await b.get(`/admin/users/${am.id}`);
      expect(b.lastHtml).toContain('ERP import');
      expect(b.lastHtml).not.toContain(token);
      const stored = await ct.t.kernel.database.db.selectFrom('kehu_token').selectAll().execute();
      expect(JSON.stringify(stored)).not.toContain(token);

      const revoke = [
        ...b.lastHtml.matchAll(/<tr><td>([^<]*)<\/td>.*?action="(\/admin\/tokens\/[^"]+\/revoke)"/g),
      ].find((m) => m[1] === 'ERP import')?.[2];
      expect(revoke).toBeTruthy();
      const revoked = await b.post(revoke!, { user: am.id });
      expect(revoked.status).toBe(303);
      await b.get(revoked.headers.get('location')!);
      expect(b.lastHtml).toContain('The token was revoked.');
      expect(b.lastHtml).toMatch(/ERP import<\/td>.*?badge-revoked/);
      expect((await asToken()).status).toBe(401);
    } finally {
      await ct.close();
    }
  });

  it('adds a custom field that appears on the customer form and as a working filter of the list', async () => {
    const ct = await consoleTest(db);
    try {
      const admin = await ct.person(['admin']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get('/customers/new');
      expect(b.lastHtml).not.toContain('name="custom.tier"');
      await b.get('/admin/custom-fields');
      const added = await b.post('/admin/custom-fields', {
        key: 'tier',
        type: 'enum',
        labelEn: 'Service tier',
        labelZh: '服务等级',
        options: 'gold|Gold|金牌\nsilver|Silver|银牌',
        filterable: 'true',
      });
      expect(added.status).toBe(303);
      await b.get('/customers/new');
      expect(b.lastHtml).toContain('Service tier');
      expect(b.lastHtml).toMatch(/<select[^>]*name="custom\.tier"/);
      expect(b.lastHtml).toContain('<option value="gold"');
      await ct.t.request('/api/v1/customers', { body: { name: 'Gold Trading', custom: { tier: 'gold' } } });
      await ct.t.request('/api/v1/customers', {
        body: { name: 'Silver Trading', custom: { tier: 'silver' } },
      });
      await b.get('/customers');
      expect(b.lastHtml).toMatch(/<select id="f-custom-tier" name="custom\.tier">/);
      await b.get('/customers?custom.tier=gold');
      expect(b.lastHtml).toContain('Gold Trading');
      expect(b.lastHtml).not.toContain('Silver Trading');
      expect(b.lastHtml).toMatch(/<option value="gold" selected/);
    } finally {
      await ct.close();
    }
  });

  it('answers the API reference page with its assets served here and the CSP holding', async () => {
    const ct = await consoleTest(db);
    try {
      const res = await ct.t.kernel.app.request('/api/docs');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/html');
      const html = await res.text();
      expect(html).toContain('<title>Kehu API reference</title>');
      expect(html).not.toMatch(/https?:\/\//);
      const scripts = [...html.matchAll(/<script([^>]*)>([^<]*)<\/script>/g)];
      expect(scripts.length).toBeGreaterThan(0);
      // No inline script: every script is a local file.
      for (const [, attrs, body] of scripts) {
        expect(body).toBe('');
        expect(attrs).toMatch(/ src="\/[^/]/);
      }
      const csp = res.headers.get('content-security-policy') ?? '';
      const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1];
      expect(scriptSrc).toBe("'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("connect-src 'self'");
      for (const [, attrs] of scripts) {
        const src = / src="([^"]+)"/.exec(attrs!)![1]!;
        const asset = await ct.t.kernel.app.request(src);
        expect(asset.status, src).toBe(200);
        expect(asset.headers.get('content-type'), src).toContain('javascript');
        expect(asset.headers.get('content-security-policy'), src).toBe(csp);
      }
      const init = await (await ct.t.kernel.app.request('/api/docs/init.js')).text();
      expect(init).toContain("url: '/api/openapi.json'");
      expect(init).toContain('withDefaultFonts: false');
      expect((await ct.t.kernel.app.request('/api/openapi.json')).status).toBe(200);
    } finally {
      await ct.close();
    }
  });
});

describe.each(testDatabases())('console sign-in throttling and cookies on $name', (db: TestDatabase) => {
  // Twenty-odd scrypt checks: more time than the default on a loaded machine.
  it(
    'locks an address after failures across several accounts, with a clear message; another address still signs in',
    { timeout: 120_000 },
    async () => {
      const ct = await consoleTest(db, [], { config: { console: { trustProxy: true } } });
      try {
        const people = [];
        for (let i = 0; i < 6; i++) people.push(await ct.person(['staff']));
        const attacker = ct.browser({ 'accept-language': 'en', 'x-forwarded-for': '203.0.113.9' });
        await attacker.get('/sign-in');
        // Four failures on each of five accounts: no account reaches its limit of 5, the address its 20.
        let status = 0;
        for (const p of people.slice(0, 5))
          for (let i = 0; i < 4; i++)
            status = (await attacker.post('/sign-in', { email: p.email, password: 'not the password' }))
              .status;
        expect(status).toBe(429);
        expect(attacker.lastHtml).toContain('Too many failed sign-ins');
        // The sixth account, never tried, with its right password: refused from this address.
        const right = await attacker.post('/sign-in', {
          email: people[5]!.email,
          password: 'correct horse battery',
        });
        expect(right.status).toBe(429);
        expect(attacker.lastHtml).toContain('sign-in is locked until');
        // From another address the same account signs in.
        const colleague = ct.browser({ 'accept-language': 'en', 'x-forwarded-for': '198.51.100.4' });
        await colleague.signIn(people[5]!.email);
        // The lock ends with its time.
        ct.t.clock.advance(16 * 60_000);
        await attacker.signIn(people[0]!.email);
      } finally {
        await ct.close();
      }
    },
  );

  const sessionCookie = (res: Response) =>
    res.headers.getSetCookie().find((c) => c.startsWith('kehu_session='));

  it('marks the cookies Secure behind https: a direct https URL, or X-Forwarded-Proto only when the proxy is trusted', async () => {
    for (const trustProxy of [false, true]) {
      const ct = await consoleTest(db, [], { config: { console: { trustProxy } } });
      try {
        const am = await ct.person(['account_manager']);
        const signIn = async (base: string, headers: Record<string, string>) => {
          const b = ct.browser(headers);
          const form = await b.get(`${base}/sign-in`);
          const pre = form.headers.getSetCookie().find((c) => c.startsWith('kehu_csrf='));
          const res = await b.post(
            `${base}/sign-in`,
            { email: am.email, password: 'correct horse battery', next: '/dashboard' },
            { origin: base },
          );
          expect(res.status).toBe(303);
          return { pre: pre ?? '', session: sessionCookie(res) ?? '' };
        };
        const direct = await signIn('https://crm.example.cn', {});
        expect(direct.session, `trustProxy ${trustProxy}`).toMatch(/; Secure/);
        expect(direct.pre).toMatch(/; Secure/);
        const plain = await signIn('http://crm.example.cn', {});
        expect(plain.session).not.toMatch(/Secure/);
        const proxied = await signIn('http://crm.example.cn', { 'x-forwarded-proto': 'https' });
        if (trustProxy) expect(proxied.session).toMatch(/; Secure/);
        else expect(proxied.session).not.toMatch(/Secure/);
        expect(proxied.session).toMatch(/HttpOnly/);
      } finally {
        await ct.close();
      }
    }
  });
});
