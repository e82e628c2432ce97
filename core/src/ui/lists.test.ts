import { describe, expect, it } from 'vitest';
import { Badge, DataTable, listParams, nextPage, SectionNav } from './lists.js';
import type { UiRequest } from './types.js';

const req = (query: Record<string, string> = {}) =>
  ({ query, t: (key: string) => ({ 'kit.nextPage': 'Next page' })[key] ?? key }) as unknown as UiRequest;
const render = async (x: unknown) => String(await x);

describe('the kit’s list pieces', () => {
  const rows = [
    { name: '<script>alert(1)</script>', total: '¥1.00' },
    { name: '"><img src=x onerror=alert(1)>', total: '¥2.00' },
  ];

  it('draws rows under headed columns, figures right-aligned, user text escaped', async () => {
    const out = await render(
      DataTable({
        rows,
        empty: 'None',
        columns: [
          { head: 'Name', cell: (r) => r.name },
          false,
          { head: 'Total', num: true, class: 'small', cell: (r) => r.total },
        ],
      }),
    );
    expect(out).toContain('<th scope="col">Name</th><th scope="col" class="num">Total</th>');
    expect(out).toContain('<td class="num small">¥1.00</td>');
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).not.toContain('None');
  });

  it('says the empty sentence instead of an empty table, in a section named by its title', async () => {
    const out = await render(
      DataTable({ rows: [], empty: 'No plans yet', id: 'plans', title: 'Plans', columns: [] }),
    );
    expect(out).toBe(
      '<section class="card table-wrap" id="plans" aria-labelledby="plans-title"><h2 id="plans-title">Plans</h2><p class="muted">No plans yet</p></section>',
    );
  });

  it('links sortable headings, marks the current sort, classes headings, and puts markup after the table', async () => {
    const out = await render(
      DataTable({
        rows,
        empty: '',
        after: DataTable({ rows: [], empty: 'the add form', columns: [] }),
        columns: [
          { head: 'Name ↑', sort: { href: '?sort=-name', current: 'ascending' }, cell: (r) => r.name },
          {
            head: 'Total',
            sort: { href: '?sort=total&q="x"' },
            headClass: 'hide-mobile',
            cell: (r) => r.total,
          },
        ],
      }),
    );
    expect(out).toContain(
      '<th scope="col" aria-sort="ascending"><a href="?sort=-name">Name ↑</a></th><th scope="col" class="hide-mobile"><a href="?sort=total&amp;q=&quot;x&quot;">Total</a></th>',
    );
    expect(out).toMatch(
      /<\/table><div class="card table-wrap"><p class="muted">the add form<\/p><\/div><\/div>$/,
    );
  });

  it('links the next page keeping the filters, and none on the last page', async () => {
    const r = req({ status: 'open', cursor: 'old' });
    expect(nextPage(r, null)).toBeNull();
    const next = nextPage(r, 'abc=');
    expect(next).toEqual({ href: '?status=open&cursor=abc%3D', label: 'Next page' });
    const out = await render(DataTable({ rows, empty: '', columns: [], next }));
    expect(out).toContain('<p><a href="?status=open&amp;cursor=abc%3D">Next page</a></p>');
  });

  it('passes only the named, set query values to the API with the limit', () => {
    expect(
      String(listParams(req({ status: 'open', customerId: '', evil: 'x' }), ['status', 'customerId'])),
    ).toBe('limit=50&status=open');
  });

  it('marks the current section and keeps badge kinds to class characters', async () => {
    const nav = await render(
      SectionNav({
        label: 'Receivables',
        current: '/r/b',
        items: [
          { href: '/r/a', label: 'A' },
          { href: '/r/b', label: 'B' },
        ],
      }),
    );
    expect(nav).toBe(
      '<nav class="subnav" aria-label="Receivables"><a href="/r/a">A</a><a href="/r/b" aria-current="page">B</a></nav>',
    );
    expect(await render(Badge({ kind: 'open" onclick="x', label: 'Open' }))).toBe(
      '<span class="badge badge-openonclickx">Open</span>',
    );
  });
});
