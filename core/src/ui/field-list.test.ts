import { describe, expect, it } from 'vitest';
import { FieldList } from './field-list.js';
import { CustomerLink } from './lists.js';

const render = async (x: unknown) => String(await x);

describe('FieldList', () => {
  it('draws labelled values in order as a definition list, leaving out the fields not given', async () => {
    const reference: string | null = null;
    const out = await render(
      FieldList({
        fields: [
          ['Customer', CustomerLink({ id: 'c 1', name: 'Acme' })],
          ['Invoices', 0],
          reference && ['Reference', reference],
          false,
          ['Closing', '¥1.00'],
        ],
      }),
    );
    expect(out).toBe(
      '<dl class="fields"><dt>Customer</dt><dd><a href="/customers/c%201">Acme</a></dd>' +
        '<dt>Invoices</dt><dd>0</dd><dt>Closing</dt><dd>¥1.00</dd></dl>',
    );
  });

  it('escapes labels and values given as text', async () => {
    const out = await render(FieldList({ fields: [['<b>Label</b>', '"><img src=x onerror=alert(1)>']] }));
    expect(out).not.toContain('<img');
    expect(out).not.toContain('<b>');
    expect(out).toContain('&lt;b&gt;Label&lt;/b&gt;');
    expect(out).toContain('&quot;&gt;&lt;img src=x onerror=alert(1)&gt;');
  });
});
