import { testDatabases } from '@kehu/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { expectStatus, publishedSurvey, type World, world } from './helpers.js';

const DAY = 86_400_000;

describe.each(testDatabases())('the public survey page on $name', (db) => {
  let w: World;
  afterEach(() => w?.close());
  const api = (path: string, body?: unknown, method?: string) =>
    w.t.request(`/api/v1/satisfaction${path}`, { body, method });

  /** A person opening the link in a browser: no token, no login, no script. */
  const open = (url: string, lang?: string) =>
    w.t.request(lang ? `${url}?lang=${lang}` : url, { token: null, headers: { accept: 'text/html' } });
  const post = (url: string, fields: [string, string][]) =>
    w.t.request(url, {
      token: null,
      method: 'POST',
      body: new URLSearchParams(fields).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    });

  async function invited(language?: string) {
    const s = await publishedSurvey(w);
    const a = await w.customer({});
    const c = await expectStatus(
      await api('/campaigns', {
        name: '一季度满意度调查',
        questionnaireId: s.questionnaire.id,
        ...(language ? { language } : {}),
      }),
      201,
    );
    await expectStatus(await api(`/campaigns/${c.id}/start`, undefined, 'POST'), 200);
    const link = w.links.find((l) => l.contactId === a.contacts[0])!;
    return { s, a, url: link.url };
  }

  it('opens from the link as an HTML form in the invitation language, switches language, and keeps the token to itself', async () => {
    w = await world(db);
    const { url } = await invited();
    expect(url).toMatch(/^\/api\/v1\/satisfaction\/public\/forms\/[A-Za-z0-9_-]{32}$/);
    const res = await open(url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const page = await res.text();
    expect(page).toContain('<html lang="zh-CN">');
    expect(page).toContain('客户满意度调查');
    expect(page).toContain('提交问卷');
    expect(page).not.toContain('<script');
    // Styled by a stylesheet of its own origin, not inline: the page's CSP allows nothing else.
    expect(res.headers.get('content-security-policy')).toContain("style-src 'self';");
    expect(page).not.toContain('<style');
    const css = /<body class="survey">/.test(page)
      ? /<link rel="stylesheet" href="([^"]+)"/.exec(page)?.[1]
      : undefined;
    expect(css).toMatch(/^\/api\/v1\/satisfaction\/public\/survey-[0-9a-f]{10}\.css$/);
    const sheet = await w.t.request(css!, { token: null });
    expect(sheet.status).toBe(200);
    expect(sheet.headers.get('content-type')).toBe('text/css; charset=utf-8');
    expect(sheet.headers.get('cache-control')).toContain('immutable');
    // Every question is a field of one form that posts back to the same address.
    expect(page).toContain(`<form method="post" action="${url}">`);
    expect(page.match(/<fieldset id="q-/g)).toHaveLength(8);
    const en = await (await open(url, 'en')).text();
    expect(en).toContain('<html lang="en">');
    expect(en).toContain('Customer satisfaction survey');
    expect(en).toContain('How likely are you to recommend us?');
    expect(en).toContain('0 = Not at all likely');
  });

  it('saves part of the answers to resume later, shows what is missing, then submits once', async () => {
    w = await world(db);
    const { s, a, url } = await invited('en');
    const [product, , speed, nps, overall] = [0, 1, 2, 3, 4].map(s.q);
    const saved = await post(url, [
      ['action', 'save'],
      [`q.${product}`, '4'],
      [`q.${speed}.e`, '7'],
      [`q.${speed}.p`, '6'],
    ]);
    expect(saved.status).toBe(303);
    expect(saved.headers.get('location')).toBe(`${url}?saved=1&lang=en`);
    const resumed = await (await open(`${url}`, 'en')).text();
    expect(resumed).toMatch(new RegExp(`name="q\\.${product}" value="4" checked`));
    expect(resumed).toMatch(new RegExp(`name="q\\.${speed}\\.p" value="6" checked`));
    expect(await (await w.t.request(`${url}?saved=1&lang=en`, { token: null })).text()).toContain(
      'Your answers are saved',
    );

    // Submitting without the required NPS and overall questions: the form comes back with both marked.
    const missing = await post(url, [
      ['action', 'submit'],
      [`q.${product}`, '4'],
      [`q.${speed}.e`, '7'],
      [`q.${speed}.p`, '6'],
    ]);
    expect(missing.status).toBe(422);
    const marked = await missing.text();
    expect(marked).toContain('2 question(s) need your attention');
    expect(marked).toContain(`<fieldset id="q-${nps}" class="invalid"`);
    expect(marked).toContain(`<fieldset id="q-${overall}" class="invalid"`);
    expect(marked).toMatch(new RegExp(`name="q\\.${product}" value="4" checked`));
    // An answer off the scale is refused by the same checks as the API's.
    const off = await post(url, [
      ['action', 'submit'],
      [`q.${nps}`, '11'],
    ]);
    expect(off.status).toBe(422);
    expect(await off.text()).toContain(`<fieldset id="q-${nps}" class="invalid"`);

    const done = await post(url, [
      ['action', 'submit'],
      [`q.${product}`, '4'],
      [`q.${speed}.e`, '7'],
      [`q.${speed}.p`, '6'],
      [`q.${nps}`, '9'],
      [`q.${overall}`, '4'],
    ]);
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thank you for your feedback!');
    const [response] = (await expectStatus(await api(`/customers/${a.id}/responses`), 200)).items;
    expect(response).toMatchObject({ csi: 78.92, csat: 4, nps: 9 });

    const again = await post(url, [
      ['lang', 'en'],
      ['action', 'submit'],
      [`q.${nps}`, '10'],
    ]);
    expect(again.status).toBe(409);
    expect(await again.text()).toContain('You have already answered this survey');
    expect((await open(url, 'en')).status).toBe(409);
  });

  it('opts out from the page; unknown and expired links get a page that says so', async () => {
    w = await world(db);
    const { url } = await invited();
    const out = await post(url, [['action', 'opt-out']]);
    expect(out.status).toBe(200);
    expect(await out.text()).toContain('我们不会再向您发送满意度调查');
    const gone = await open(url, 'en');
    expect(gone.status).toBe(410);
    expect(await gone.text()).toContain('You have opted out');

    const unknown = await open('/api/v1/satisfaction/public/forms/AAAAAAAAAAAAAAAAAAAAAAAA', 'en');
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain('Survey not found');

    const later = await invited();
    w.t.clock.set(new Date(w.t.clock.now().getTime() + 120 * DAY));
    const expired = await open(later.url);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain('此调查链接已过期');
  });
});
