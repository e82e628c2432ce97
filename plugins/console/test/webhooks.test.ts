import { createHmac } from 'node:crypto';
import { json, type TestDatabase, testDatabases } from '@kehu/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Receiver } from './receiver.js';
import { type Browser, consoleTest } from './support.js';

const SECRET_KEY = 'console webhook test key, at least 32 characters';

/** The endpoint id the page's edit form posts to. */
const endpointId = (html: string) => /action="\/admin\/webhooks\/([^/"]+)"/.exec(html)?.[1] ?? '';

/** Follows a 303 and answers the page it lands on. */
const follow = async (b: Browser, res: Response) => {
  expect(res.status).toBe(303);
  await b.get(res.headers.get('location')!);
  return b.lastHtml;
};

/** The Standard Webhooks signature: base64 HMAC-SHA256 of `id.timestamp.body` under the secret's key. */
const signatureOf = (secret: string, r: Receiver['received'][number]) =>
  `v1,${createHmac('sha256', Buffer.from(secret.slice('whsec_'.length), 'base64'))
    .update(`${r.headers['webhook-id']}.${r.headers['webhook-timestamp']}.${r.body}`)
    .digest('base64')}`;

describe.each(testDatabases())('console webhooks page on $name', (db: TestDatabase) => {
  let receiver: Receiver;
  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(() => receiver.close());

  const setup = (webhooks = { secretKey: SECRET_KEY, allowPrivateNetworks: true }) =>
    consoleTest(db, [], { webhooks, dispatcher: { maxAttempts: 1 } });

  it('adds an endpoint with its secret shown once, edits, disables, enables, pings and deletes it after a confirmation', async () => {
    const ct = await setup();
    try {
      const admin = await ct.person(['admin'], 'Root');
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get('/admin/users');
      expect(b.lastHtml).toContain('href="/admin/webhooks"');
      await b.get('/admin/webhooks');
      expect(b.lastHtml).toContain('No webhook endpoints yet.');
      const created = await b.post('/admin/webhooks', {
        url: receiver.url('/erp'),
        description: 'ERP sync',
        events: ['customer.*'],
        otherEvents: 'activity.created\n',
      });
      expect(created.status).toBe(200);
      const secret = /whsec_[A-Za-z0-9+/=]+/.exec(b.lastHtml)?.[0] ?? '';
      expect(secret).not.toBe('');
      expect(b.lastHtml).toContain('it is shown only this once');
      const id = endpointId(b.lastHtml);
      const api = await json(await ct.t.request(`/api/v1/admin/webhooks/${id}`));
      expect(api).toMatchObject({ url: receiver.url('/erp'), events: ['customer.*', 'activity.created'] });
      // Stored encrypted, and never shown again.
      const stored = await ct.t.kernel.database.db
        .selectFrom('kehu_webhook_endpoint')
        .select('secret')
        .execute();
      expect(JSON.stringify(stored)).not.toContain(secret.slice('whsec_'.length));
      await b.get('/admin/webhooks');
      expect(b.lastHtml).toContain(receiver.url('/erp'));
      expect(b.lastHtml).toContain('Nothing sent yet');
      expect(b.lastHtml).not.toContain('whsec_');
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).not.toContain('whsec_');
      expect(b.lastHtml).toMatch(/value="customer\.\*" checked/);

      // A delivery signed with the secret shown, in the list and the log.
      await ct.t.request('/api/v1/customers', { body: { name: '杭州西湖茶业' } });
      await ct.t.drain();
      expect(receiver.types()).toEqual(['customer.created']);
      expect(receiver.received[0]!.headers['webhook-signature']).toBe(
        signatureOf(secret, receiver.received[0]!),
      );
      await b.get('/admin/webhooks');
      expect(b.lastHtml).toContain('badge-delivered">200</span>');
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).toContain('<code>customer.created</code>');

      // Edit: every event now.
      const saved = await b.post(`/admin/webhooks/${id}`, {
        url: receiver.url('/erp2'),
        description: 'ERP sync 2',
        events: ['*'],
        otherEvents: '',
      });
      expect(await follow(b, saved)).toContain('The endpoint was saved.');
      expect(b.lastHtml).toMatch(/value="\*" checked/);
      expect(await json(await ct.t.request(`/api/v1/admin/webhooks/${id}`))).toMatchObject({
        url: receiver.url('/erp2'),
        description: 'ERP sync 2',
        events: ['*'],
      });

      // Disabled: nothing is sent; enabled again: it is.
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/active`, { active: 'false' }))).toContain(
        'The endpoint was disabled',
      );
      await b.get('/admin/webhooks');
      expect(b.lastHtml).toContain('badge-dormant">Disabled');
      await ct.t.request('/api/v1/customers', { body: { name: 'Quiet Co' } });
      await ct.t.drain();
      expect(receiver.received).toHaveLength(1);
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/active`, { active: 'true' }))).toContain(
        'The endpoint was enabled.',
      );
      expect((await json(await ct.t.request(`/api/v1/admin/webhooks/${id}`))).active).toBe(true);

      // Ping: the answer is said; a failing one too.
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/ping`, {}))).toContain(
        'The ping was answered with 200',
      );
      expect(receiver.types().at(-1)).toBe('webhook.ping');
      receiver.answer(503);
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/ping`, {}))).toContain('The ping failed');

      // Rotating shows the new secret once.
      await b.post(`/admin/webhooks/${id}/rotate-secret`, {});
      const rotated = /whsec_[A-Za-z0-9+/=]+/.exec(b.lastHtml)?.[0];
      expect(rotated).toBeTruthy();
      expect(rotated).not.toBe(secret);

      // Delete: a confirmation page first, then gone with its log.
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).toContain(`href="/admin/webhooks/${id}/delete"`);
      expect((await b.get(`/admin/webhooks/${id}/delete`)).status).toBe(200);
      expect(b.lastHtml).toContain('Delete this endpoint?');
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/delete`, {}))).toContain(
        'The endpoint was deleted.',
      );
      expect(b.lastHtml).toContain('No webhook endpoints yet.');
      expect((await ct.t.request(`/api/v1/admin/webhooks/${id}`)).status).toBe(404);
      expect((await b.get(`/admin/webhooks/${id}`)).status).toBe(404);
    } finally {
      await ct.close();
    }
  });

  it('replays a failed delivery from the log: it is sent again and leaves the dead letters', async () => {
    const ct = await setup();
    try {
      const admin = await ct.person(['admin']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(admin.email);
      await b.get('/admin/webhooks');
      await b.post('/admin/webhooks', { url: receiver.url('/crm'), events: ['customer.created'] });
      const id = endpointId(b.lastHtml);
      receiver.answer(500, 500);
      await ct.t.request('/api/v1/customers', { body: { name: 'First Co' } });
      await ct.t.request('/api/v1/customers', { body: { name: 'Second Co' } });
      await ct.t.drain();
      expect(receiver.received).toHaveLength(2);
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).toContain('Replay the 2 dead deliveries');
      expect(b.lastHtml).toContain('badge-failed">500</span>');
      const deliveries = [...b.lastHtml.matchAll(/name="delivery" value="([^"]+)"/g)].map((m) => m[1]!);
      expect(deliveries).toHaveLength(2);

      // One of them, from its row.
      expect(
        await follow(b, await b.post(`/admin/webhooks/${id}/replay`, { delivery: deliveries[0]! })),
      ).toContain('1 deliveries were queued again.');
      await ct.t.drain();
      expect(receiver.received).toHaveLength(3);
      expect(await ct.t.kernel.webhooks.deadDeliveries(id)).toEqual([deliveries[1]]);
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).toContain('Replay the 1 dead deliveries');
      expect(b.lastHtml).toContain('badge-delivered">200</span>');

      // Another endpoint's delivery cannot be replayed through this one.
      await b.post('/admin/webhooks', { url: receiver.url('/other'), events: ['customer.created'] });
      const other = endpointId(b.lastHtml);
      await b.get(`/admin/webhooks/${other}`);
      expect((await b.post(`/admin/webhooks/${other}/replay`, { delivery: deliveries[1]! })).status).toBe(
        404,
      );

      // The rest, all at once.
      await b.get(`/admin/webhooks/${id}`);
      expect(await follow(b, await b.post(`/admin/webhooks/${id}/replay`, {}))).toContain(
        '1 deliveries were queued again.',
      );
      await ct.t.drain();
      expect(receiver.received).toHaveLength(4);
      expect(await ct.t.kernel.webhooks.deadDeliveries(id)).toEqual([]);
      await b.get('/admin/deliveries?status=dead');
      expect(b.lastHtml).toContain('No deliveries.');
      await b.get(`/admin/webhooks/${id}`);
      expect(b.lastHtml).not.toContain('dead deliveries');
    } finally {
      await ct.close();
    }
  });

  it('shows refusals beside the field in both languages, a private-network URL among them, and saves nothing', async () => {
    const ct = await setup({ secretKey: SECRET_KEY, allowPrivateNetworks: false });
    try {
      const admin = await ct.person(['admin']);
      const zh = ct.browser({ 'accept-language': 'zh-CN' });
      await zh.signIn(admin.email);
      await zh.get('/admin/webhooks');
      const refused = await zh.post('/admin/webhooks', {
        url: 'http://10.0.0.7/hook',
        description: '内网 ERP',
        events: ['customer.*'],
      });
      expect(refused.status).toBe(422);
      expect(zh.lastHtml).toMatch(
        /<div class="field-error" id="f-url-error">该地址属于内网或本机网络；Webhook 只发送到公网地址。<\/div>/,
      );
      expect(zh.lastHtml).toContain('value="内网 ERP"');
      expect(zh.lastHtml).toMatch(/value="customer\.\*" checked/);
      await zh.post('/admin/webhooks', { url: 'ftp://example.com/x', events: [] });
      expect(zh.lastHtml).toContain(
        '<div class="field-error" id="f-url-error">请填写以 http:// 或 https:// 开头的地址。',
      );
      expect(zh.lastHtml).toContain('<div class="field-error" id="f-events-error">请至少选择一个事件');

      const en = ct.browser({ 'accept-language': 'en' });
      await en.signIn(admin.email);
      await en.get('/admin/webhooks');
      expect((await en.post('/admin/webhooks', { url: 'http://[::1]:8080/x', events: ['*'] })).status).toBe(
        422,
      );
      expect(en.lastHtml).toContain(
        '<div class="field-error" id="f-url-error">This address is on a private or local network',
      );
      await en.post('/admin/webhooks', { url: 'https://example.com/x', otherEvents: 'Not An Event!' });
      expect(en.lastHtml).toContain('<div class="field-error" id="f-events-error">Choose at least one event');
      expect((await json(await ct.t.request('/api/v1/admin/webhooks'))).items).toEqual([]);
    } finally {
      await ct.close();
    }
  });

  it('keeps the pages to those who administer webhooks, checks the form token, renders markup inert, and says when webhooks are not set up', async () => {
    const ct = await setup();
    try {
      const admin = await ct.person(['admin']);
      const am = await ct.person(['account_manager']);
      const a = ct.browser({ 'accept-language': 'en' });
      await a.signIn(admin.email);
      await a.get('/admin/webhooks');
      await a.post('/admin/webhooks', {
        url: `${receiver.url('/x')}?q="><img src=x onerror=alert(1)>`,
        description: '<script>alert(1)</script>',
        events: ['*'],
      });
      const id = endpointId(a.lastHtml);
      expect(id).not.toBe('');
      for (const path of ['/admin/webhooks', `/admin/webhooks/${id}`]) {
        await a.get(path);
        expect(a.lastHtml, path).not.toContain('<img src=x');
        expect(a.lastHtml, path).not.toContain('<script>alert');
        expect(a.lastHtml, path).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
      }
      expect((await a.get('/admin/webhooks/nonexistent')).status).toBe(404);

      // Without the form token or from another origin: refused, nothing changed.
      await a.get(`/admin/webhooks/${id}`);
      expect((await a.post(`/admin/webhooks/${id}/delete`, {}, { csrf: null })).status).toBe(403);
      expect(
        (await a.post(`/admin/webhooks/${id}/delete`, {}, { origin: 'https://evil.example' })).status,
      ).toBe(403);
      expect(
        (await a.post('/admin/webhooks', { url: receiver.url('/y'), events: ['*'] }, { csrf: 'x' })).status,
      ).toBe(403);
      expect((await json(await ct.t.request('/api/v1/admin/webhooks'))).items).toHaveLength(1);

      const m = ct.browser();
      await m.signIn(am.email);
      await m.get('/dashboard');
      expect(m.lastHtml).not.toContain('href="/admin/webhooks"');
      for (const path of ['/admin/webhooks', `/admin/webhooks/${id}`, `/admin/webhooks/${id}/delete`])
        expect((await m.get(path)).status, path).toBe(403);
      expect((await m.post(`/admin/webhooks/${id}/delete`, {})).status).toBe(403);
      expect((await m.post('/admin/webhooks', { url: receiver.url('/z'), events: ['*'] })).status).toBe(403);
      expect((await json(await ct.t.request('/api/v1/admin/webhooks'))).items).toHaveLength(1);
    } finally {
      await ct.close();
    }
    const unkeyed = await consoleTest(db, [], { webhooks: { allowPrivateNetworks: true } });
    try {
      const admin = await unkeyed.person(['admin']);
      const b = unkeyed.browser({ 'accept-language': 'zh-CN' });
      await b.signIn(admin.email);
      await b.get('/admin/webhooks');
      expect((await b.post('/admin/webhooks', { url: receiver.url('/k'), events: ['*'] })).status).toBe(422);
      expect(b.lastHtml).toContain('本服务器未配置 Webhook');
    } finally {
      await unkeyed.close();
    }
  });
});
