import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { json, testDatabases } from '../../testing/index.js';
import { type Archive, csv, openArchive, type Person, snapshot } from './archive-fixtures.js';
import { ledger } from './ledger-plugin.js';

const C = '/api/v1/customers';

interface Case {
  label: string;
  body: string;
  type?: string;
}

const raw = (label: string, body: string, type?: string): Case => ({
  label,
  body,
  ...(type ? { type } : {}),
});
const obj = (label: string, value: unknown): Case => raw(label, JSON.stringify(value));

/** Wrong values for a field, by the type of its valid value. */
function wrongValues(value: unknown): unknown[] {
  if (typeof value === 'string') return [12345, ['a'], { s: 'a' }, 'x'.repeat(20_001)];
  if (typeof value === 'number') return ['abc', 1.5, -1, { n: 1 }];
  if (typeof value === 'boolean') return ['yes', 1, null];
  if (Array.isArray(value)) return ['not-an-array', [1, 2], [{}]];
  if (value && typeof value === 'object') return ['text', [1]];
  return [];
}

/**
 * Bodies a client could send by mistake or on purpose: not JSON, not an object, unknown and
 * prototype-polluting keys, wrong content type, every field with wrong types, each required field
 * missing, plus the route's own semantic cases.
 */
function malformed(
  valid: Record<string, unknown>,
  required: string[],
  extra: Case[],
  bodyOptional = false,
): Case[] {
  const cases: Case[] = [
    raw('not json', '{name:'),
    raw('truncated json', JSON.stringify(valid).slice(0, -3)),
    raw('array', '[]'),
    raw('null', 'null'),
    raw('string', '"hello"'),
    raw('number', '42'),
    raw('true', 'true'),
    obj('unknown key', { ...valid, unexpected: 1 }),
    raw('prototype pollution', `{"__proto__":{"isAdmin":true},${JSON.stringify(valid).slice(1)}`),
    obj('operator injection', { ...valid, [Object.keys(valid)[0] ?? 'x']: { $gt: '' } }),
    raw('text/plain', JSON.stringify(valid), 'text/plain'),
    raw('form encoded', 'a=1&b=2', 'application/x-www-form-urlencoded'),
    raw('xml', '<customer/>', 'application/xml'),
    raw('nested arrays', '[[[]]]'),
    raw('NaN', '{"x": NaN}'),
    raw('trailing comma', '{"a":1,}'),
    raw('single quotes', "{'a':1}"),
    raw(
      'duplicate key, last wins',
      `{"${Object.keys(valid)[0] ?? 'x'}":"ok","${Object.keys(valid)[0] ?? 'x'}":[12345]}`,
    ),
    obj('deep nesting', JSON.parse('{"a":'.repeat(60) + '1' + '}'.repeat(60))),
  ];
  if (!bodyOptional) cases.push(raw('empty', ''));
  for (const [key, value] of Object.entries(valid)) {
    for (const wrong of wrongValues(value))
      cases.push(obj(`${key}=${JSON.stringify(wrong).slice(0, 20)}`, { ...valid, [key]: wrong }));
  }
  for (const key of required) {
    const { [key]: _omit, ...rest } = valid;
    cases.push(obj(`without ${key}`, rest));
  }
  return [...cases, ...extra];
}

describe.each(testDatabases())('malformed bodies on every write route on $name', (db) => {
  let a: Archive;
  let customer: any;
  let other: any;
  let contact: any;
  let grant: any;
  let invoice: any;
  beforeAll(async () => {
    a = await openArchive(db, { plugins: [ledger] });
    customer = await a.customer({ name: '畸形请求 测试客户', ownerId: a.am.id });
    other = await a.customer({ name: '畸形请求 另一客户', ownerId: a.am.id });
    contact = await json(await a.as(a.gm, `${C}/${customer.id}/contacts`, { body: { name: '联系人' } }));
    await a.t.request(`${C}/custom-fields`, {
      body: {
        key: 'tier',
        labels: { en: 'Tier', 'zh-CN': '等级' },
        type: 'enum',
        options: [{ value: 'a', labels: { en: 'A', 'zh-CN': '甲' } }],
      },
    });
    grant = await json(
      await a.as(a.staff, `${C}/${customer.id}/access-requests`, { body: { reason: '查看' } }),
    );
    invoice = await json(
      await a.as(a.gm, '/api/v1/ledger/invoices', {
        body: { customerId: customer.id, number: 'INV-1', amount: 1 },
      }),
    );
    await a.as(a.gm, `${C}/entities/invoice/${invoice.id}`, { method: 'DELETE', body: { reason: 'x' } });
  });
  afterAll(() => a.close());

  const routes = (): { method: string; path: () => string; who: () => Person | 'admin'; cases: Case[] }[] => [
    {
      method: 'POST',
      path: () => C,
      who: () => a.gm,
      cases: malformed(
        {
          name: '新客户',
          kind: 'business',
          internal: false,
          phone: '021-1234 5678',
          email: 'a@b.cn',
          tags: ['x'],
          custom: { tier: 'a' },
          force: false,
        },
        ['name'],
        [
          obj('blank name', { name: '   ' }),
          obj('bad kind', { name: 'n', kind: 'alien' }),
          obj('status terminated', { name: 'n', status: 'terminated' }),
          obj('bad phone', { name: 'n', phone: 'call me' }),
          obj('bad email', { name: 'n', email: 'nope' }),
          obj('bad code', { name: 'n', code: 'has space' }),
          obj('unknown custom field', { name: 'n', custom: { nope: 1 } }),
          obj('bad custom value', { name: 'n', custom: { tier: 'z' } }),
          obj('unknown owner', { name: 'n', ownerId: 'nobody' }),
          obj('too many tags', { name: 'n', tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }),
          obj('duplicate name', { name: '畸形请求 测试客户' }),
        ],
      ),
    },
    {
      method: 'PATCH',
      path: () => `${C}/${customer.id}`,
      who: () => a.gm,
      cases: malformed(
        { industry: '制造', region: '华东', tags: ['y'], reason: '更正', version: 1 },
        [],
        [
          obj('no reason', { industry: 'x', version: 1 }),
          obj('no version', { industry: 'x', reason: 'r' }),
          obj('stale version', { industry: 'x', reason: 'r', version: 99 }),
          obj('owner via update', { ownerId: a.am2.id, reason: 'r', version: 1 }),
          obj('status terminated', { status: 'terminated', reason: 'r', version: 1 }),
          obj('duplicate name', { name: '畸形请求 另一客户', reason: 'r', version: 1 }),
          obj('null name', { name: null, reason: 'r', version: 1 }),
          obj('bad custom value', { custom: { tier: 5 }, reason: 'r', version: 1 }),
          raw('empty', ''),
        ],
      ),
    },
    {
      method: 'DELETE',
      path: () => `${C}/${customer.id}`,
      who: () => a.gm,
      cases: malformed(
        { reason: '注销', version: 1 },
        ['reason'],
        [
          obj('blank reason', { reason: ' ' }),
          obj('stale version', { reason: 'r', version: 7 }),
          obj('version zero', { reason: 'r', version: 0 }),
        ],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/restore`,
      who: () => a.gm,
      cases: malformed(
        { reason: '恢复' },
        [],
        [obj('blank reason', { reason: '' }), obj('not deleted', { reason: 'r' })],
        true,
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/terminate`,
      who: () => a.gm,
      cases: malformed(
        { reason: '停止合作', version: 1 },
        ['reason'],
        [obj('blank reason', { reason: '  ' }), obj('stale version', { reason: 'r', version: 5 })],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/owner`,
      who: () => a.gm,
      cases: malformed(
        { ownerId: a.am2.id, reason: '调岗', version: 1 },
        ['ownerId', 'reason'],
        [
          obj('staff as owner', { ownerId: a.staff.id, reason: 'r' }),
          obj('unknown owner', { ownerId: 'nobody', reason: 'r' }),
          obj('stale', { ownerId: a.am2.id, reason: 'r', version: 3 }),
        ],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/merge`,
      who: () => a.gm,
      cases: malformed(
        { sourceId: other.id, reason: '重复' },
        ['sourceId', 'reason'],
        [
          obj('itself', { sourceId: customer.id, reason: 'r' }),
          obj('unknown source', { sourceId: 'nothing', reason: 'r' }),
          obj('blank reason', { sourceId: other.id, reason: ' ' }),
        ],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/contacts`,
      who: () => a.am,
      cases: malformed(
        { name: '王五', title: '经理', phone: '13800000000', email: 'w@x.cn', primary: true, note: '备注' },
        ['name'],
        [obj('bad email', { name: 'n', email: 'x' }), obj('bad phone', { name: 'n', phone: 'abc' })],
      ),
    },
    {
      method: 'PATCH',
      path: () => `${C}/${customer.id}/contacts/${contact.id}`,
      who: () => a.am,
      cases: malformed(
        { name: '王五', title: '经理', primary: true, version: 1 },
        [],
        [obj('stale', { title: 'x', version: 9 }), obj('null name', { name: null })],
      ),
    },
    {
      method: 'DELETE',
      path: () => `${C}/${customer.id}/contacts/${contact.id}`,
      who: () => a.am,
      cases: malformed({ reason: '离职' }, [], [obj('blank reason', { reason: '' })], true),
    },
    {
      method: 'POST',
      path: () => `${C}/${customer.id}/communications`,
      who: () => a.am,
      cases: malformed(
        {
          channel: 'visit',
          direction: 'outbound',
          subject: '拜访',
          process: '过程',
          result: '结果',
          occurredAt: '2026-02-01T10:00:00Z',
        },
        ['channel', 'subject'],
        [
          obj('bad channel', { channel: 'fax', subject: 's' }),
          obj('bad direction', { channel: 'call', subject: 's', direction: 'sideways' }),
          obj('bad instant', { channel: 'call', subject: 's', occurredAt: '2026-13-01' }),
          obj('foreign contact', { channel: 'call', subject: 's', contactId: 'nope' }),
          obj('unknown user', { channel: 'call', subject: 's', byUserId: 'nobody' }),
        ],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/custom-fields`,
      who: () => 'admin',
      cases: malformed(
        {
          key: 'newField',
          labels: { en: 'New', 'zh-CN': '新' },
          type: 'text',
          required: false,
          filterable: true,
          position: 1,
        },
        ['key', 'labels', 'type'],
        [
          obj('bad key', { key: 'Bad Key', labels: { en: 'a', 'zh-CN': 'b' }, type: 'text' }),
          obj('bad type', { key: 'k', labels: { en: 'a', 'zh-CN': 'b' }, type: 'money' }),
          obj('enum without options', { key: 'k', labels: { en: 'a', 'zh-CN': 'b' }, type: 'enum' }),
          obj('options on text', {
            key: 'k',
            labels: { en: 'a', 'zh-CN': 'b' },
            type: 'text',
            options: [{ value: 'a', labels: { en: 'a', 'zh-CN': 'a' } }],
          }),
          obj('missing zh label', { key: 'k', labels: { en: 'a' }, type: 'text' }),
          obj('taken key', { key: 'tier', labels: { en: 'a', 'zh-CN': 'b' }, type: 'text' }),
        ],
      ),
    },
    {
      method: 'PATCH',
      path: () => `${C}/custom-fields/tier`,
      who: () => 'admin',
      cases: malformed(
        {
          labels: { en: 'Tier', 'zh-CN': '等级' },
          required: true,
          filterable: true,
          position: 2,
          version: 1,
        },
        [],
        [
          obj('change type', { type: 'text' }),
          obj('duplicate options', {
            options: [
              { value: 'a', labels: { en: 'a', 'zh-CN': 'a' } },
              { value: 'a', labels: { en: 'b', 'zh-CN': 'b' } },
            ],
          }),
          obj('stale', { required: true, version: 4 }),
        ],
      ),
    },
    {
      method: 'DELETE',
      path: () => `${C}/custom-fields/tier`,
      who: () => 'admin',
      cases: malformed({ reason: '不用了' }, [], [], true),
    },
    {
      method: 'POST',
      path: () => `${C}/${other.id}/access-requests`,
      who: () => a.staff,
      cases: malformed({ reason: '需要查看' }, ['reason'], [obj('blank', { reason: '' })]),
    },
    {
      method: 'POST',
      path: () => `${C}/access-requests/${grant.id}/approve`,
      who: () => a.sm,
      cases: malformed(
        { days: 7, note: '同意' },
        [],
        [
          obj('both', { days: 1, expiresAt: '2026-04-01T00:00:00Z' }),
          obj('past', { expiresAt: '2020-01-01T00:00:00Z' }),
          obj('too long', { days: 400 }),
          obj('bad instant', { expiresAt: 'tomorrow' }),
        ],
      ),
    },
    {
      method: 'POST',
      path: () => `${C}/access-requests/${grant.id}/reject`,
      who: () => a.sm,
      cases: malformed({ note: '不同意' }, [], [obj('blank', { note: '' })], true),
    },
    {
      method: 'POST',
      path: () => `${C}/access-requests/${grant.id}/revoke`,
      who: () => a.sm,
      cases: malformed({ note: '收回' }, [], [obj('not approved', {})], true),
    },
    {
      method: 'DELETE',
      path: () => `${C}/entities/invoice/${invoice.id}`,
      who: () => a.gm,
      cases: malformed({ reason: '作废', version: 1 }, ['reason'], [obj('already deleted', { reason: 'r' })]),
    },
    {
      method: 'POST',
      path: () => `${C}/entities/invoice/${invoice.id}/restore`,
      who: () => a.gm,
      cases: malformed({ reason: '恢复' }, [], [], true),
    },
  ];

  it('covers every write route of the archive with 20+ bodies', () => {
    for (const r of routes()) expect(r.cases.length, `${r.method} ${r.path()}`).toBeGreaterThanOrEqual(20);
  });

  for (const [i, label] of [
    'POST /',
    'PATCH /:id',
    'DELETE /:id',
    'POST /:id/restore',
    'POST /:id/terminate',
    'POST /:id/owner',
    'POST /:id/merge',
    'POST /:id/contacts',
    'PATCH /:id/contacts/:cid',
    'DELETE /:id/contacts/:cid',
    'POST /:id/communications',
    'POST /custom-fields',
    'PATCH /custom-fields/:key',
    'DELETE /custom-fields/:key',
    'POST /:id/access-requests',
    'POST /access-requests/:id/approve',
    'POST /access-requests/:id/reject',
    'POST /access-requests/:id/revoke',
    'DELETE /entities/:type/:id',
    'POST /entities/:type/:id/restore',
  ].entries()) {
    it(`${label}: each malformed body is a 4xx problem and changes no row`, async () => {
      const route = routes()[i]!;
      const before = await snapshot(a.t, { ledger_invoice: 'id' });
      for (const c of route.cases) {
        const who = route.who();
        const token = who === 'admin' ? a.t.adminToken : who.token;
        const res = await a.t.kernel.app.request(route.path(), {
          method: route.method,
          body: c.body,
          headers: { authorization: `Bearer ${token}`, 'content-type': c.type ?? 'application/json' },
        });
        expect(res.status, `${label} ${c.label}`).toBeGreaterThanOrEqual(400);
        expect(res.status, `${label} ${c.label}`).toBeLessThan(500);
        expect(res.headers.get('content-type'), c.label).toContain('application/problem+json');
        expect(typeof (await json(res)).code).toBe('string');
        expect(await snapshot(a.t, { ledger_invoice: 'id' }), `${label} ${c.label} changed rows`).toBe(
          before,
        );
      }
    });
  }

  it('POST /import: each malformed file is a 4xx problem and changes no row', async () => {
    const files: [string, string | Uint8Array, string?][] = [
      ['unknown column', csv(['name,colour', 'x,red'])],
      ['no name column', csv(['region', '华东'])],
      ['duplicate column', csv(['name,客户名称', 'x,y'])],
      ['unclosed quote', 'name\r\n"never closed\r\n'],
      ['invalid utf-8', new Uint8Array([0x6e, 0x61, 0x6d, 0x65, 0x0a, 0xc3, 0x28, 0x0a])],
      ['utf-16', new Uint8Array([0xff, 0xfe, 0x6e, 0x00, 0x61, 0x00])],
      ['empty', ''],
      ['blank lines only', '\r\n\r\n'],
      ['json body', '{"name":"x"}', 'application/json'],
      ['too many fields', csv(['name', Array.from({ length: 600 }, () => 'x').join(',')])],
      ['huge field', `name\r\n"${'x'.repeat(100_001)}"\r\n`],
      ['blank name', csv(['name', '  '])],
      ['bad kind', csv(['name,kind', 'x,alien'])],
      ['bad status', csv(['name,status', 'x,closed'])],
      ['terminated status', csv(['name,status', 'x,terminated'])],
      ['bad email', csv(['name,email', 'x,not-mail'])],
      ['bad phone', csv(['name,phone', 'x,call me'])],
      ['bad internal', csv(['name,internal', 'x,perhaps'])],
      ['unknown owner', csv(['name,ownerId', 'x,nobody'])],
      ['bad custom value', csv(['name,tier', 'x,z'])],
      ['contact without name', csv(['name,contactPhone', 'x,13800000000'])],
      ['existing duplicate', csv(['name', '畸形请求 测试客户'])],
      ['duplicate rows', csv(['name', 'Same', 'same'])],
      ['extra cells', csv(['name', 'x,y,z'])],
      ['bad code', csv(['name,code', 'x,has space'])],
    ];
    expect(files.length).toBeGreaterThanOrEqual(20);
    const before = await snapshot(a.t, { ledger_invoice: 'id' });
    for (const [label, body, type] of files) {
      const res = await a.t.kernel.app.request(`${C}/import`, {
        method: 'POST',
        body,
        headers: { authorization: `Bearer ${a.gm.token}`, 'content-type': type ?? 'text/csv' },
      });
      expect(res.status, label).toBeGreaterThanOrEqual(400);
      expect(res.status, label).toBeLessThan(500);
      expect(res.headers.get('content-type'), label).toContain('application/problem+json');
      expect(await snapshot(a.t, { ledger_invoice: 'id' }), `${label} changed rows`).toBe(before);
    }
  });
});
