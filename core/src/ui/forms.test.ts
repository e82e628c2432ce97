import { describe, expect, it } from 'vitest';
import { answerPost, Field, FormGrid, FormRows } from './forms.js';
import type { UiRequest } from './types.js';

const render = async (x: unknown) => String(await x);

/** A request that records what a form's answer did to it. */
function fakeRequest() {
  const seen = { status: 200, flash: [] as string[], redirect: null as string | null };
  const req = {
    lang: 'en',
    t: (key: string) => ({ 'kit.optional': '(optional)' })[key] ?? key,
    flash: (kind: string, text: string) => seen.flash.push(`${kind}: ${text}`),
    notFound: () => new Response('not found', { status: 404 }),
    c: {
      status: (s: number) => {
        seen.status = s;
      },
      redirect: (to: string, status: number) => {
        seen.redirect = to;
        return new Response(null, { status, headers: { location: to } });
      },
    },
  } as unknown as UiRequest;
  return { req, seen };
}

describe('the kit’s form rows', () => {
  const { req } = fakeRequest();
  const errors = new Map([['reason', 'Too short']]);

  it('fills each field from the form’s values by its name, unless the row gives its own', async () => {
    const out = await render(
      FormRows({
        req,
        form: 'hold',
        errors,
        values: { amount: '12.50', currency: 'USD', reason: '<b>x</b>' },
        rows: [
          { name: 'amount', label: 'Amount', type: 'amount', required: true },
          { name: 'currency', label: 'Currency', value: 'CNY' },
          false,
          { name: 'reason', label: 'Reason', type: 'textarea' },
        ],
      }),
    );
    const one = (p: Omit<Parameters<typeof Field>[0], 'req' | 'form' | 'errors'>) =>
      render(Field({ req, form: 'hold', errors, ...p }));
    expect(out).toBe(
      (await one({ name: 'amount', label: 'Amount', type: 'amount', required: true, value: '12.50' })) +
        (await one({ name: 'currency', label: 'Currency', value: 'CNY' })) +
        (await one({ name: 'reason', label: 'Reason', type: 'textarea', value: '<b>x</b>' })),
    );
    expect(out).toContain('id="hold-reason-error">Too short</div>');
    expect(out).toContain('&lt;b&gt;x&lt;/b&gt;</textarea>');
    expect(out).not.toContain('value="USD"');
  });

  it('puts the rows in the form’s grid with the button that sends it', async () => {
    const out = await render(
      FormGrid({
        req,
        form: 'terms',
        errors: new Map(),
        values: { days: '30' },
        rows: [{ name: 'days', label: 'Days', type: 'number' }],
        submit: 'Save',
      }),
    );
    expect(out).toMatch(/^<div class="form-grid"><div class="field">.*value="30"\/><\/div><\/div>/);
    expect(out.endsWith('</div><div><button type="submit">Save</button></div>')).toBe(true);
    const bare = await render(
      FormGrid({ req, form: 'terms', errors: new Map(), values: {}, rows: [{ name: 'd', label: 'D' }] }),
    );
    expect(bare).not.toContain('<button');
  });
});

describe('the answer to a form’s post', () => {
  const again = (problem: unknown) => ({ again: problem });

  it('redirects with the notice when the API took it', async () => {
    const { req, seen } = fakeRequest();
    const res = answerPost(req, { ok: true, status: 201, body: {} }, { message: 'Saved.', to: '/x' }, again);
    expect((res as Response).status).toBe(303);
    expect(seen).toMatchObject({ redirect: '/x', flash: ['success: Saved.'] });
  });

  it('answers a 404 with the not-found page and any other refusal with the form again', async () => {
    const missing = fakeRequest();
    const gone = answerPost(
      missing.req,
      { ok: false, status: 404, body: {} },
      { message: '', to: '/x' },
      again,
    );
    expect((gone as Response).status).toBe(404);
    expect(missing.seen.flash).toEqual([]);

    for (const [status, shown] of [
      [400, 422],
      [422, 422],
      [409, 409],
      [403, 403],
    ] as const) {
      const { req, seen } = fakeRequest();
      const problem = { status, code: 'stale' };
      const res = answerPost(req, { ok: false, status, body: problem }, { message: '', to: '/x' }, again);
      expect(res).toEqual({ again: problem });
      expect(seen).toMatchObject({ status: shown, redirect: null, flash: [] });
    }
  });
});
