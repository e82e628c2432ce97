import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Browser, type ConsoleTest, consoleTest } from '../../console/test/support.js';
import { satisfactionPlugin } from '../src/index.js';
import { expectStatus } from './helpers.js';

const SYSTEMS = '/satisfaction/indicator-systems';

/** The system as the API has it. */
const systemOf = async (c: ConsoleTest, id: string) =>
  expectStatus(await c.t.request(`/api/v1/satisfaction/indicator-systems/${id}`), 200);

/** Adds an indicator through the editor's form and answers the system afterwards. */
async function add(
  c: ConsoleTest,
  b: Browser,
  id: string,
  fields: { code: string; zh: string; en: string; parent?: string; kind?: string },
) {
  await b.get(`${SYSTEMS}/${id}`);
  const res = await b.post(`${SYSTEMS}/${id}`, {
    action: 'add',
    parentId: fields.parent ?? '',
    code: fields.code,
    'name.zh-CN': fields.zh,
    'name.en': fields.en,
    kind: fields.kind ?? 'core',
    step: 'preliminary',
  });
  expect(res.status).toBe(303);
  return systemOf(c, id);
}

describe.each(testDatabases())('the indicator-system editor on $name', (db) => {
  let c: ConsoleTest;
  afterEach(() => c?.close());

  it('builds a tree, weighs a level by AHP and one by hand, publishes and starts the next version', async () => {
    c = await consoleTest(db, [satisfactionPlugin]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const b = c.browser({ 'accept-language': 'en' });
    await b.signIn(manager.email);

    const list = await b.get(SYSTEMS);
    expect(list.status).toBe(200);
    expect(await list.text()).toContain('New indicator system');
    const created = await b.post(SYSTEMS, { name: 'Service satisfaction 2026', description: '' });
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.split('/').at(-1)!;
    expect((await systemOf(c, id)).status).toBe('draft');

    await add(c, b, id, { code: 'Q', zh: '产品质量', en: 'Product quality' });
    await add(c, b, id, { code: 'S', zh: '服务', en: 'Service' });
    let s = await add(c, b, id, { code: 'P', zh: '价格', en: 'Price', kind: 'relative' });
    const byCode = (code: string) => s.indicators.find((i: any) => i.code === code);
    await add(c, b, id, { code: 'Q.product', zh: '产品', en: 'Product', parent: byCode('Q').id });
    s = await add(c, b, id, {
      code: 'Q.packaging',
      zh: '包装',
      en: 'Packaging',
      parent: byCode('Q').id,
      kind: 'auxiliary',
    });

    // A code used twice: refused beside the code field, nothing added.
    const twice = await b.post(`${SYSTEMS}/${id}`, {
      action: 'add',
      parentId: '',
      code: 'Q',
      'name.zh-CN': '重复',
      'name.en': 'Again',
      kind: 'core',
      step: 'factor',
    });
    expect(twice.status).toBe(409);
    const twiceHtml = await twice.text();
    expect(twiceHtml).toMatch(/id="ind-add-code"[^>]*aria-invalid="true"/);
    expect(twiceHtml).toContain('Code Q is already used in this system');
    expect(twiceHtml).toContain('value="Again"');
    expect((await systemOf(c, id)).indicators).toHaveLength(5);

    const editor = await (await b.get(`${SYSTEMS}/${id}`)).text();
    expect(editor).toContain('Packaging');
    expect(editor).toContain('(包装)');
    expect(editor).toContain('auxiliary (辅助)');
    expect(editor).toContain('not weighted');

    // The dimensions by AHP: the matrix shows one choice per pair above the diagonal, the reciprocals below.
    const level = await b.get(`${SYSTEMS}/${id}/levels/top`);
    expect(level.status).toBe(200);
    const levelHtml = await level.text();
    expect(levelHtml.match(/data-ahp-cell=/g)).toHaveLength(3);
    expect(levelHtml.match(/data-ahp-mirror=/g)).toHaveLength(3);
    expect(levelHtml).toContain('aria-label="Q Product quality compared with S Service"');

    const consistent = { method: 'ahp', 'm.0.1': '3', 'm.0.2': '5', 'm.1.2': '3' };
    const preview = await b.post(`${SYSTEMS}/${id}/levels/top`, { ...consistent, preview: '1' });
    expect(preview.status).toBe(200);
    const previewHtml = await preview.text();
    expect(previewHtml).toContain('<output data-ahp-out="weight.0">0.637</output>');
    expect(previewHtml).toContain('<output data-ahp-out="weight.2">0.105</output>');
    expect(previewHtml).toContain('<output data-ahp-out="lambdaMax">3.039</output>');
    expect(previewHtml).toContain('<output data-ahp-out="cr">0.033</output>');
    expect(previewHtml).toContain('Consistent (CR &lt; 0.10).');
    expect(previewHtml).toContain('<output data-ahp-mirror="0.1">1/3</output>');
    expect((await systemOf(c, id)).groups).toHaveLength(0);

    // Inconsistent comparisons: refused with CR shown, unless accepted with a reason.
    const inconsistent = { method: 'ahp', 'm.0.1': '3', 'm.0.2': '1/3', 'm.1.2': '3' };
    const refused = await b.post(`${SYSTEMS}/${id}/levels/top`, inconsistent);
    expect(refused.status).toBe(422);
    const refusedHtml = await refused.text();
    expect(refusedHtml).toContain('Nothing was saved');
    expect(refusedHtml).toContain('CR = 1.149');
    expect(refusedHtml).toContain('<output data-ahp-out="cr">1.149</output>');
    expect(refusedHtml).toMatch(/id="ahp-reason"[^>]*aria-invalid="true"/);
    const noReason = await b.post(`${SYSTEMS}/${id}/levels/top`, {
      ...inconsistent,
      accept: 'true',
      reason: '',
    });
    expect(noReason.status).toBe(422);
    expect(await noReason.text()).toMatch(/id="ahp-reason"[^>]*aria-invalid="true"/);
    expect((await systemOf(c, id)).groups).toHaveLength(0);
    const accepted = await b.post(`${SYSTEMS}/${id}/levels/top`, {
      ...inconsistent,
      accept: 'true',
      reason: 'Experts disagree; revisit after the Q2 survey',
    });
    expect(accepted.status).toBe(303);
    s = await systemOf(c, id);
    expect(s.groups[0]).toMatchObject({
      method: 'ahp',
      acceptedReason: 'Experts disagree; revisit after the Q2 survey',
    });
    // The consistent matrix replaces it; the form shows the stored matrix and figures again.
    expect((await b.post(`${SYSTEMS}/${id}/levels/top`, consistent)).status).toBe(303);
    const stored = await (await b.get(`${SYSTEMS}/${id}/levels/top`)).text();
    expect(stored).toMatch(/name="m\.0\.2"[\s\S]*?<option value="5" selected/);
    expect(stored).toContain('<output data-ahp-out="weight.0">0.637</output>');

    // The two indicators under Q by hand: a sum other than 1 is refused beside the weights.
    const q = byCode('Q').id;
    const [product, packaging] = [byCode('Q.product').id, byCode('Q.packaging').id];
    const bad = await b.post(`${SYSTEMS}/${id}/levels/${q}`, {
      method: 'entered',
      [`w.${product}`]: '0.5',
      [`w.${packaging}`]: '0.4',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('Sum: 0.9');
    expect(badHtml).toMatch(/id="w-weights-error">The weights of one level must sum to 1; they sum to 0.9/);
    expect(badHtml).toContain(`value="0.4"`);
    const tooBig = await b.post(`${SYSTEMS}/${id}/levels/${q}`, {
      method: 'entered',
      [`w.${product}`]: '1.5',
      [`w.${packaging}`]: '-0.5',
    });
    expect(tooBig.status).toBe(422);
    expect(await tooBig.text()).toMatch(new RegExp(`id="w-w-${product}"[^>]*aria-invalid="true"`));
    expect(
      (
        await b.post(`${SYSTEMS}/${id}/levels/${q}`, {
          method: 'entered',
          [`w.${product}`]: '0.7',
          [`w.${packaging}`]: '0.3',
        })
      ).status,
    ).toBe(303);
    s = await systemOf(c, id);
    expect(s.indicators.find((i: any) => i.code === 'Q.packaging').globalWeight).toBeCloseTo(0.637 * 0.3, 3);
    const weighted = await (await b.get(`${SYSTEMS}/${id}`)).text();
    expect(weighted).toContain('global 0.191');

    // Renaming an indicator from its page.
    await b.get(`${SYSTEMS}/${id}/indicators/${packaging}`);
    expect(
      (
        await b.post(`${SYSTEMS}/${id}/indicators/${packaging}`, {
          action: 'save',
          'name.zh-CN': '包装与标识',
          'name.en': 'Packaging and labels',
          kind: 'auxiliary',
          step: 'validated',
        })
      ).status,
    ).toBe(303);
    expect((await systemOf(c, id)).indicators.find((i: any) => i.id === packaging).name.en).toBe(
      'Packaging and labels',
    );

    // Publish: the version is frozen, its forms are gone, and a change is refused.
    await b.get(`${SYSTEMS}/${id}`);
    expect((await b.post(`${SYSTEMS}/${id}`, { action: 'publish' })).status).toBe(303);
    const frozen = await (await b.get(`${SYSTEMS}/${id}`)).text();
    expect(frozen).toContain('this version is frozen');
    expect(frozen).not.toContain('Add an indicator');
    expect(frozen).toContain('Start version 2');
    const late = await b.post(`${SYSTEMS}/${id}`, {
      action: 'add',
      parentId: '',
      code: 'X',
      'name.zh-CN': '新',
      'name.en': 'New',
      kind: 'core',
      step: 'factor',
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('is published and frozen');
    const next = await b.post(`${SYSTEMS}/${id}`, { action: 'version' });
    expect(next.status).toBe(303);
    const nextId = next.headers.get('location')!.split('/').at(-1)!;
    expect(nextId).not.toBe(id);
    expect(await systemOf(c, nextId)).toMatchObject({ version: 2, status: 'draft' });
    expect((await systemOf(c, id)).indicators).toHaveLength(5);
  });

  it('speaks Chinese, keeps names inert, answers 404 alike, and lets readers only read', async () => {
    c = await consoleTest(db, [satisfactionPlugin]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const staff = await c.person(['staff'], '周敏');
    const system = await expectStatus(
      await c.t.request('/api/v1/satisfaction/indicator-systems', { body: { name: '<b>服务</b>' } }),
      201,
    );
    const id = system.id;
    const zh = c.browser({ 'accept-language': 'zh-CN' });
    await zh.signIn(manager.email);
    await zh.get(`${SYSTEMS}/${id}`);
    const xss = await zh.post(`${SYSTEMS}/${id}`, {
      action: 'add',
      parentId: '',
      code: 'A',
      'name.zh-CN': '<img src=x onerror=alert(1)>',
      'name.en': '<script>alert(1)</script>',
      kind: 'core',
      step: 'factor',
    });
    expect(xss.status).toBe(303);
    await zh.post(`${SYSTEMS}/${id}`, {
      action: 'add',
      parentId: '',
      code: 'B',
      'name.zh-CN': '服务',
      'name.en': 'Service',
      kind: 'core',
      step: 'factor',
    });
    const page = await (await zh.get(`${SYSTEMS}/${id}`)).text();
    expect(page).toContain('&lt;b&gt;服务&lt;/b&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('维度、指标与子指标');
    expect(page).toContain('添加指标');

    // In Chinese the refusal is said by the catalog; the sum is shown beside it.
    const [a, bId] = (await systemOf(c, id)).indicators.map((i: any) => i.id);
    await zh.get(`${SYSTEMS}/${id}/levels/top`);
    const bad = await zh.post(`${SYSTEMS}/${id}/levels/top`, {
      method: 'entered',
      [`w.${a}`]: '0.2',
      [`w.${bId}`]: '0.2',
    });
    expect(bad.status).toBe(422);
    const badHtml = await bad.text();
    expect(badHtml).toContain('同一层级的权重之和须为 1');
    expect(badHtml).toContain('合计：0.4');
    const pair = await zh.post(`${SYSTEMS}/${id}/levels/top`, { method: 'ahp', 'm.0.1': '7' });
    expect(pair.status).toBe(303);
    const ahpPage = await (await zh.get(`${SYSTEMS}/${id}/levels/top`)).text();
    expect(ahpPage).toContain('两个及以下的指标总是一致的。');

    // A form posted without its token changes nothing.
    const forged = await zh.post(
      `${SYSTEMS}/${id}`,
      { action: 'add', parentId: '', code: 'C', 'name.zh-CN': '伪', 'name.en': 'Forged' },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    expect((await systemOf(c, id)).indicators).toHaveLength(2);

    // Unknown systems, indicators and levels answer the same 404 page.
    for (const path of [
      `${SYSTEMS}/nope`,
      `${SYSTEMS}/nope/levels/top`,
      `${SYSTEMS}/${id}/levels/nope`,
      `${SYSTEMS}/${id}/indicators/nope`,
    ])
      expect((await zh.get(path)).status, path).toBe(404);

    // Staff read the tree without forms; the weights page and any change are refused.
    const reader = c.browser({ 'accept-language': 'en' });
    await reader.signIn(staff.email);
    const read = await reader.get(`${SYSTEMS}/${id}`);
    expect(read.status).toBe(200);
    const readHtml = await read.text();
    expect(readHtml).toContain('Service');
    expect(readHtml).not.toContain('Add an indicator');
    expect(readHtml).not.toContain('/levels/top');
    expect((await reader.get(`${SYSTEMS}/${id}/levels/top`)).status).toBe(403);
    const list = await (await reader.get(SYSTEMS)).text();
    expect(list).not.toContain('New indicator system');
    const sneaked = await reader.post(`${SYSTEMS}/${id}`, {
      action: 'add',
      parentId: '',
      code: 'D',
      'name.zh-CN': '偷偷',
      'name.en': 'Sneaked',
      kind: 'core',
      step: 'factor',
    });
    expect(sneaked.status).toBe(403);
    expect((await reader.post(`${SYSTEMS}/${id}`, { action: 'publish' })).status).toBe(403);
    expect(await systemOf(c, id)).toMatchObject({ status: 'draft' });
    expect((await systemOf(c, id)).indicators).toHaveLength(2);
  });
});
