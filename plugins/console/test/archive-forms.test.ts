import { json, testDatabases } from '@kehu/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleTest, consoleTest } from './support.js';

const C = '/api/v1/customers';

describe.each(testDatabases())('archive forms in the console on $name', (db) => {
  let ct: ConsoleTest;
  let am: Awaited<ReturnType<ConsoleTest['person']>>;
  let am2: Awaited<ReturnType<ConsoleTest['person']>>;
  let sm: Awaited<ReturnType<ConsoleTest['person']>>;
  let customer: any;
  const api = (who: { token: string }, path: string, init: { method?: string; body?: unknown } = {}) =>
    ct.t.request(path, { ...init, token: who.token });
  beforeAll(async () => {
    ct = await consoleTest(db, [], { customers: { approvals: { groups: ['basic'] } } });
    am = await ct.person(['account_manager'], 'AM 张三');
    am2 = await ct.person(['account_manager'], 'AM 李四');
    sm = await ct.person(['sales_manager'], 'SM 李经理');
    customer = await json(await api(am, C, { body: { name: '青禾食品', ownerId: am.id } }));
  });
  afterAll(() => ct.close());

  it('the customer form edits managers, business status and competitors; under approval the edit waits for a manager', async () => {
    const b = ct.browser({ 'accept-language': 'en' });
    await b.signIn(am.email);
    const edit = `/customers/${customer.id}/edit`;
    expect((await b.get(edit)).status).toBe(200);
    expect(b.lastHtml).toContain('name="managers.0.name"');
    expect(b.lastHtml).toContain('name="competitors.1.relation"');
    const fields = {
      name: '青禾食品',
      version: String(customer.version),
      reason: '补充档案',
      'managers.0.name': '王青禾',
      'managers.0.title': '总经理',
      'managers.0.background': '创始人，二十年食品行业经验',
      'managers.1.name': '',
      'businessStatus.outlook': '华东市场扩张',
      'competitors.0.name': '绿野食品',
      'competitors.0.relation': 'secondary_supplier',
      'competitors.0.note': '价格更低',
    };
    // A refusal stands beside its field: a competitor without a valid relation.
    const bad = await b.post(edit, { ...fields, 'competitors.0.relation': 'partner' });
    expect(bad.status).toBe(422);
    expect(b.lastHtml).toMatch(/id="f-competitors\.0\.relation-error"[^>]*>[^<]+/);

    await b.get(edit);
    const sent = await b.post(edit, fields);
    expect(sent.status).toBe(303);
    expect(sent.headers.get('location')).toBe(`/customers/${customer.id}`);
    const pending = await json(await api(sm, `${C}/change-requests?status=pending`));
    expect(pending.items).toHaveLength(1);
    expect(pending.items[0].changes.managers.to).toEqual([
      { name: '王青禾', title: '总经理', background: '创始人，二十年食品行业经验' },
    ]);
    expect((await json(await api(am, `${C}/${customer.id}`))).managers).toEqual([]);

    const manager = ct.browser({ 'accept-language': 'en' });
    await manager.signIn(sm.email);
    await manager.get('/change-requests?status=pending');
    const decided = await manager.post(`/change-requests/${pending.items[0].id}/approve`, { note: '同意' });
    expect(decided.status).toBe(303);
    const after = await json(await api(am, `${C}/${customer.id}`));
    expect(after.businessStatus.outlook).toBe('华东市场扩张');
    expect(after.competitors).toEqual([
      { name: '绿野食品', relation: 'secondary_supplier', note: '价格更低' },
    ]);

    expect((await b.get(`/customers/${customer.id}/archive`)).status).toBe(200);
    expect(b.lastHtml).toContain('王青禾');
    expect(b.lastHtml).toContain('Secondary supplier');
  });

  it('edits a contract with the version read, beside-the-field errors, 404 alike for others, and the form token', async () => {
    const contract = await json(
      await api(am, `${C}/${customer.id}/contracts`, {
        body: {
          number: 'HT-2026-01',
          title: '年度供货合同',
          parties: ['本公司', '青禾食品'],
          signedOn: '2026-01-05',
        },
      }),
    );
    const b = ct.browser({ 'accept-language': 'zh-CN' });
    await b.signIn(am.email);
    const path = `/customers/${customer.id}/archive/contracts/${contract.id}/edit`;
    expect((await b.get(path)).status).toBe(200);
    expect(b.lastHtml).toContain('value="HT-2026-01"');
    const form = {
      version: String(contract.version),
      number: 'HT-2026-01',
      title: '年度供货合同（补充）',
      parties: '本公司, 青禾食品',
      signedOn: '2026-01-05',
      validTo: '2026-12-31',
      amount: '1,200,000.50',
      currency: 'CNY',
      status: 'active',
    };
    const badAmount = await b.post(path, { ...form, amount: '十二万' });
    expect(badAmount.status).toBe(422);
    expect(b.lastHtml).toMatch(/id="f-amount-error"/);
    expect(await b.post(path, form, { csrf: 'forged' }).then((r) => r.status)).toBe(403);
    await b.get(path);
    const saved = await b.post(path, form);
    expect(saved.status).toBe(303);
    const listed = await json(await api(am, `${C}/${customer.id}/contracts`));
    expect(listed.items[0]).toMatchObject({
      title: '年度供货合同（补充）',
      validTo: '2026-12-31',
      value: { amount: 120_000_050, currency: 'CNY' },
      version: 2,
    });
    // The old version again: the form says so and keeps what was typed.
    await b.get(path);
    expect((await b.post(path, { ...form, title: '旧版本' })).status).toBe(409);
    expect(b.lastHtml).toContain('旧版本');

    const other = ct.browser({ 'accept-language': 'en' });
    await other.signIn(am2.email);
    const theirs = await other.get(path);
    const missing = await other.get(`/customers/${customer.id}/archive/contracts/nope/edit`);
    expect(theirs.status).toBe(404);
    expect(missing.status).toBe(404);
    await other.get('/dashboard');
    expect((await other.post(path, form)).status).toBe(404);
  });

  it('removes a document with a reason; others cannot', async () => {
    const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const doc = await json(
      await ct.t.kernel.app.request(
        `${C}/${customer.id}/documents?name=${encodeURIComponent('营业执照.pdf')}`,
        {
          method: 'POST',
          body: pdf,
          headers: { authorization: `Bearer ${am.token}`, 'content-type': 'application/octet-stream' },
        },
      ),
    );
    const other = ct.browser({ 'accept-language': 'en' });
    await other.signIn(am2.email);
    await other.get('/dashboard');
    const refused = await other.post(`/customers/${customer.id}/archive/documents/${doc.id}/remove`, {
      reason: 'x',
    });
    expect(refused.status).toBe(404);

    const b = ct.browser({ 'accept-language': 'en' });
    await b.signIn(am.email);
    await b.get(`/customers/${customer.id}/archive`);
    expect(b.lastHtml).toContain(`/archive/documents/${doc.id}/remove`);
    const noReason = await b.post(`/customers/${customer.id}/archive/documents/${doc.id}/remove`, {
      reason: '',
    });
    expect(noReason.status).toBe(303);
    expect((await json(await api(am, `${C}/${customer.id}/documents`))).items).toHaveLength(1);
    await b.get(`/customers/${customer.id}/archive`);
    const removed = await b.post(`/customers/${customer.id}/archive/documents/${doc.id}/remove`, {
      reason: '上传错了',
    });
    expect(removed.status).toBe(303);
    expect((await json(await api(am, `${C}/${customer.id}/documents`))).items).toHaveLength(0);
  });

  it('imports yearly figures through the wizard: check, commit once, managers only', async () => {
    const code = (await json(await api(am, `${C}/${customer.id}`))).code;
    const b = ct.browser({ 'accept-language': 'en' });
    await b.signIn(sm.email);
    expect((await b.get('/customer-value')).status).toBe(200);
    expect(b.lastHtml).toContain('href="/customer-value/import"');
    await b.get('/customer-value/import');
    const form = new FormData();
    form.set(
      'file',
      new File([`客户编号,年度,收入,毛利\n${code},2025,1200000,300000\nNOPE,2025,1,\n`], '业绩.csv'),
    );
    form.set('mode', 'skip-invalid');
    expect((await b.post('/customer-value/import/check', form)).status).toBe(200);
    expect(b.lastHtml).toContain('No customer with code NOPE');
    const upload = /name="upload" value="([^"]+)"/.exec(b.lastHtml)![1]!;
    expect((await json(await api(sm, `${C}/${customer.id}/value`))).history).toEqual([]);
    // An upload checked in one wizard cannot be committed in another.
    expect((await b.post('/import/commit', { upload })).status).toBe(410);
    await b.get('/customer-value/import');
    const form2 = new FormData();
    form2.set('file', new File([`customerCode,year,revenue\n${code},2025,1200000\n`], 'figures.csv'));
    form2.set('mode', 'all-or-nothing');
    await b.post('/customer-value/import/check', form2);
    const upload2 = /name="upload" value="([^"]+)"/.exec(b.lastHtml)![1]!;
    expect((await b.post('/customer-value/import/commit', { upload: upload2 })).status).toBe(200);
    expect(b.lastHtml).toContain('1 figures were imported');
    const value = await json(await api(sm, `${C}/${customer.id}/value`));
    expect(value.history).toEqual([
      { year: 2025, currency: 'CNY', revenue: 120_000_000, margin: null, source: 'imported' },
    ]);

    const a = ct.browser({ 'accept-language': 'en' });
    await a.signIn(am.email);
    expect((await a.get('/customer-value/import')).status).toBe(403);
    expect(a.lastHtml).not.toContain('/customer-value/import/check');
  });
});
