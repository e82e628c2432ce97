import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { type Browser, type ConsoleTest, consoleTest } from '../../console/test/support.js';
import type { InvitationLink } from '../src/index.js';
import { satisfactionPlugin } from '../src/index.js';
import { answeredOnce, expectStatus, outboxPlugin, publishedSurvey } from './helpers.js';

const PAGES = '/satisfaction/questionnaires';

const questionnaireOf = async (c: ConsoleTest, id: string) =>
  expectStatus(await c.t.request(`/api/v1/satisfaction/questionnaires/${id}`), 200);

/** The fields of one question as the builder's form posts them. */
const question = (type: string, zh: string, en: string, more: Record<string, string> = {}) => ({
  'q.type': type,
  'q.text.zh-CN': zh,
  'q.text.en': en,
  'q.required': 'true',
  'q.scale': '5',
  'q.indicatorId': '',
  'q.options': '',
  ...more,
});

async function addQuestion(b: Browser, id: string, fields: Record<string, string>) {
  await b.get(`${PAGES}/${id}`);
  return b.post(`${PAGES}/${id}`, { action: 'add', ...fields });
}

describe.each(testDatabases())('the questionnaire builder on $name', (db) => {
  let c: ConsoleTest;
  afterEach(() => c?.close());

  it('builds a questionnaire of every type with linked indicators and a preview; answered, it is frozen', async () => {
    const links: InvitationLink[] = [];
    c = await consoleTest(db, [satisfactionPlugin, outboxPlugin(links)]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const s = await publishedSurvey({ t: c.t } as any);
    const b = c.browser({ 'accept-language': 'en' });
    await b.signIn(manager.email);

    const list = await (await b.get(PAGES)).text();
    expect(list).toContain('New questionnaire');
    expect(list).toContain('Customer satisfaction survey');

    // A SERVQUAL pair needs its indicator: refused beside the field, the rest kept.
    const title = { 'title.zh-CN': '售后服务调查', 'title.en': 'After-sales survey', systemId: s.system.id };
    const missing = await b.post(PAGES, {
      ...title,
      ...question('servqual', '响应速度', 'Response speed', { 'q.scale': '7' }),
    });
    expect(missing.status).toBe(422);
    const missingHtml = await missing.text();
    expect(missingHtml).toMatch(/id="qn-new-q-indicatorId"[^>]*aria-invalid="true"/);
    expect(missingHtml).toContain('value="Response speed"');
    const created = await b.post(PAGES, {
      ...title,
      ...question('servqual', '响应速度', 'Response speed', {
        'q.scale': '7',
        'q.indicatorId': s.id('S.speed'),
      }),
    });
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.split('/').at(-1)!;

    for (const fields of [
      question('rating', '产品质量', 'Product quality', {
        'q.scale': '10',
        'q.indicatorId': s.id('Q.product'),
      }),
      question('nps', '推荐可能性', 'How likely are you to recommend us?'),
      question('csat', '总体满意度', 'Overall satisfaction', { 'q.overall': 'true' }),
      question('ces', '办理是否方便', 'How easy was it?'),
      question('single', '渠道', 'Channel', { 'q.options': 'phone | 电话 | Phone\nweb | 网站 | Web' }),
      question('multiple', '改进方面', 'What to improve', {
        'q.options': 'speed | 速度 | Speed\nprice | 价格 | Price\nstaff | 服务人员 | Staff',
      }),
      question('text', '建议', 'Suggestions', { 'q.required': '' }),
    ])
      expect((await addQuestion(b, id, fields)).status, fields['q.type']).toBe(303);

    // Refusals beside the field that caused them: a scale SERVQUAL does not have, one choice only, a
    // dimension instead of its lowest indicator.
    const badScale = await addQuestion(
      b,
      id,
      question('servqual', '包装', 'Packaging', { 'q.scale': '10', 'q.indicatorId': s.id('Q.packaging') }),
    );
    expect(badScale.status).toBe(422);
    expect(await badScale.text()).toMatch(/id="qn-add-q-scale"[^>]*aria-invalid="true"/);
    const oneChoice = await addQuestion(
      b,
      id,
      question('single', '是否', 'Yes?', { 'q.options': 'yes | 是 | Yes' }),
    );
    expect(oneChoice.status).toBe(422);
    expect(await oneChoice.text()).toMatch(/id="qn-add-q-options"[^>]*aria-invalid="true"/);
    const notLeaf = await addQuestion(
      b,
      id,
      question('rating', '服务', 'Service', { 'q.indicatorId': s.id('S') }),
    );
    expect(notLeaf.status).toBe(422);
    const notLeafHtml = await notLeaf.text();
    expect(notLeafHtml).toMatch(/id="qn-add-q-indicatorId"[^>]*aria-invalid="true"/);
    expect(notLeafHtml).toContain('Link questions to the lowest level; S has indicators under it');
    expect((await questionnaireOf(c, id)).questions).toHaveLength(8);

    const page = await (await b.get(`${PAGES}/${id}`)).text();
    expect(page).toContain('Expectation / perception pair (SERVQUAL) · 1–7');
    expect(page).toContain('Rating scale · 1–10');
    expect(page).toContain('<td>Q.product</td>');
    expect(page).toContain('overall satisfaction');
    // The preview is the survey page's own markup: a fieldset per question, nothing to send, in the
    // survey page's own stylesheet, a file of the same origin (the console's CSP allows no inline style).
    expect(page).toMatch(/<fieldset disabled="" class="survey survey-preview">/);
    expect(page).not.toContain('<style');
    const css =
      /<link rel="stylesheet" href="(\/api\/v1\/satisfaction\/public\/survey-[0-9a-f]{10}\.css)"/.exec(page);
    expect(css).not.toBeNull();
    const sheet = await c.t.request(css![1]!, { token: null });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(await sheet.text()).toContain('.survey .scale{display:flex');
    expect(page.match(/<fieldset id="q-/g)).toHaveLength(8);
    expect(page).toContain('What you expected');
    expect(page).toContain('Not at all likely');
    expect(page).toContain('type="checkbox" name="q.');

    // Reorder, edit and remove.
    await b.get(`${PAGES}/${id}`);
    expect((await b.post(`${PAGES}/${id}`, { action: 'up', n: '3' })).status).toBe(303);
    let q = await questionnaireOf(c, id);
    expect(q.questions.map((x: any) => x.type).slice(0, 3)).toEqual(['servqual', 'nps', 'rating']);
    const edit = await b.get(`${PAGES}/${id}/questions/3`);
    expect(edit.status).toBe(200);
    const editHtml = await edit.text();
    expect(editHtml).toContain('value="Product quality"');
    expect(editHtml).toMatch(/<option value="10" selected/);
    expect(
      (
        await b.post(
          `${PAGES}/${id}/questions/3`,
          question('rating', '产品质量', 'Quality of the product', {
            'q.scale': '7',
            'q.indicatorId': s.id('Q.product'),
          }),
        )
      ).status,
    ).toBe(303);
    await b.get(`${PAGES}/${id}`);
    expect((await b.post(`${PAGES}/${id}`, { action: 'remove', n: '8' })).status).toBe(303);
    q = await questionnaireOf(c, id);
    expect(q.questions).toHaveLength(7);
    expect(q.questions[2]).toMatchObject({
      text: { en: 'Quality of the product' },
      scaleMax: 7,
      indicatorId: s.id('Q.product'),
    });
    expect(q.questions.at(-1).type).toBe('multiple');

    // Answered, the first questionnaire is frozen: shown so, and every change refused.
    await answeredOnce(c.t, links, s);
    const frozen = await (await b.get(`${PAGES}/${s.questionnaire.id}`)).text();
    expect(frozen).toContain('frozen (answered)');
    expect(frozen).toContain('This version has responses and is frozen');
    expect(frozen).not.toContain('Add a question');
    const late = await b.post(`${PAGES}/${s.questionnaire.id}`, {
      action: 'add',
      ...question('nps', '再问', 'Again'),
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('has responses and is frozen; start a new version to change it');
    const lateEdit = await b.post(
      `${PAGES}/${s.questionnaire.id}/questions/1`,
      question('nps', '改', 'Changed'),
    );
    expect(lateEdit.status).toBe(409);
    expect((await questionnaireOf(c, s.questionnaire.id)).questions).toHaveLength(8);
    const next = await b.post(`${PAGES}/${s.questionnaire.id}`, { action: 'version' });
    expect(next.status).toBe(303);
    const nextId = next.headers.get('location')!.split('/').at(-1)!;
    expect(await questionnaireOf(c, nextId)).toMatchObject({ version: 2, frozen: false });
    expect(await (await b.get(`${PAGES}/${nextId}`)).text()).toContain('Add a question');
  });

  it('speaks Chinese, keeps texts inert, answers 404 alike, and lets readers only read', async () => {
    c = await consoleTest(db, [satisfactionPlugin]);
    const manager = await c.person(['sales_manager'], '陈杰');
    const staff = await c.person(['staff'], '周敏');
    const zh = c.browser({ 'accept-language': 'zh-CN' });
    await zh.signIn(manager.email);
    await zh.get(PAGES);
    // A linked indicator with no system is refused in Chinese beside the system.
    const noSystem = await zh.post(PAGES, {
      'title.zh-CN': '问卷',
      'title.en': 'Survey',
      systemId: '',
      ...question('rating', '质量', 'Quality', { 'q.indicatorId': 'nope' }),
    });
    expect(noSystem.status).toBe(422);
    const noSystemHtml = await noSystem.text();
    expect(noSystemHtml).toContain('关联指标前请先选择指标体系');
    expect(noSystemHtml).toMatch(/id="qn-new-systemId"[^>]*aria-invalid="true"/);
    const created = await zh.post(PAGES, {
      'title.zh-CN': '<b>问卷</b>',
      'title.en': 'Survey',
      systemId: '',
      ...question('text', '<img src=x onerror=alert(1)>', '<script>alert(1)</script>'),
    });
    expect(created.status).toBe(303);
    const id = created.headers.get('location')!.split('/').at(-1)!;
    const page = await (await zh.get(`${PAGES}/${id}`)).text();
    expect(page).toContain('&lt;b&gt;问卷&lt;/b&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(1)');
    expect(page).toContain('开放题');
    expect(page).toContain('添加题目');
    expect(page).toContain('预览');

    const forged = await zh.post(
      `${PAGES}/${id}`,
      { action: 'add', ...question('nps', '伪', 'Forged') },
      { csrf: null },
    );
    expect(forged.status).toBe(403);
    expect((await questionnaireOf(c, id)).questions).toHaveLength(1);

    for (const path of [
      `${PAGES}/nope`,
      `${PAGES}/${id}/questions/2`,
      `${PAGES}/${id}/questions/0`,
      `${PAGES}/nope/questions/1`,
    ])
      expect((await zh.get(path)).status, path).toBe(404);
    await zh.get(`${PAGES}/${id}`);
    expect((await zh.post(`${PAGES}/${id}`, { action: 'remove', n: '5' })).status).toBe(404);

    const reader = c.browser({ 'accept-language': 'en' });
    await reader.signIn(staff.email);
    const read = await reader.get(`${PAGES}/${id}`);
    expect(read.status).toBe(200);
    const readHtml = await read.text();
    expect(readHtml).toContain('Preview');
    expect(readHtml).not.toContain('Add a question');
    expect(await (await reader.get(PAGES)).text()).not.toContain('New questionnaire');
    expect((await reader.get(`${PAGES}/${id}/questions/1`)).status).toBe(403);
    const sneaked = await reader.post(`${PAGES}/${id}`, {
      action: 'add',
      ...question('nps', '偷', 'Sneaked'),
    });
    expect(sneaked.status).toBe(403);
    expect((await questionnaireOf(c, id)).questions).toHaveLength(1);
  });
});
