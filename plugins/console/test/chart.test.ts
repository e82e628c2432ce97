import { definePlugin } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { describe, expect, it } from 'vitest';
import { inlineSafeSvg, tableOf } from '../src/chart.js';
import { consoleTest } from './support.js';

const EVIL = '<script>alert(1)</script>';

/** A plugin with one report page that draws a bar chart of three buckets, one named with markup. */
const reportPlugin = definePlugin({
  name: 'report',
  version: '1.0.0',
  setup(ctx) {
    ctx.ui.page({
      path: '/ageing',
      title: { en: 'Ageing', 'zh-CN': '账龄' },
      async get(req) {
        return req.chart(
          {
            xAxis: { type: 'category', data: ['0–30', '31–60', EVIL] },
            yAxis: { type: 'value' },
            series: [{ name: 'CNY', type: 'bar', data: [1200, 350, { value: 80 }] }],
          },
          {
            title: req.lang === 'en' ? 'Open receivables by age' : '按账龄的未收款',
            description: 'Three buckets',
            width: 480,
            height: 240,
          },
        );
      },
    });
  },
});

describe.each(testDatabases())('charts on $name', (db) => {
  it('draws an ECharts option as inline SVG the CSP allows, with its name, description and data table', async () => {
    const ct = await consoleTest(db, [reportPlugin]);
    try {
      const user = await ct.person(['account_manager']);
      const b = ct.browser({ 'accept-language': 'en' });
      await b.signIn(user.email);
      const res = await b.get('/report/ageing');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-security-policy')).toContain("style-src 'self'");
      const html = b.lastHtml;
      const svg = /<svg[\s\S]*<\/svg>/.exec(html)?.[0] ?? '';
      expect(svg).toMatch(/^<svg [^>]*role="img" aria-labelledby="(chart-\w+-title) (chart-\w+-desc)"/);
      const [, titleId, descId] = /aria-labelledby="(\S+) (\S+)"/.exec(svg)!;
      expect(svg).toContain(`<title id="${titleId}">Open receivables by age</title>`);
      expect(svg).toContain(`<desc id="${descId}">Three buckets</desc>`);
      expect(svg).toContain('viewBox="0 0 480 240"');
      // Nothing the CSP refuses and nothing executable: no style attribute or element, no script.
      expect(svg).not.toMatch(/\sstyle=|<style|<script|\son\w+=/i);
      expect(svg).toContain('font-size="12px"');
      // The bucket named with markup is text, in the picture and in the table.
      expect(html).not.toContain(EVIL);
      expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
      expect(html).toContain('<summary>The data as a table</summary>');
      expect(html).toMatch(/<th scope="row">31–60<\/th><td class="num">350<\/td>/);
      expect(html).toMatch(/<th scope="row">0–30<\/th><td class="num">1,200<\/td>/);
      expect(html).toContain('<figcaption');

      await b.post('/language', { lang: 'zh-CN', next: '/report/ageing' });
      await b.get('/report/ageing');
      expect(b.lastHtml).toContain('<summary>数据表</summary>');
      expect(b.lastHtml).toContain('按账龄的未收款</title>');
    } finally {
      await ct.close();
    }
  });
});

describe('chart helpers', () => {
  it('turns style attributes into presentation attributes and escapes every value', () => {
    const out = inlineSafeSvg(
      {
        tag: 'svg',
        attrs: { width: 10, height: 10, viewBox: '0 0 10 10', baseProfile: false },
        children: [
          {
            tag: 'text',
            attrs: {
              style: 'font: bold 14px "Noto Sans", sans-serif;cursor:pointer',
              class: 'zr0-cls-1',
              ecmeta_series_index: 0,
              onclick: 'x()',
              fill: '"><script>',
            },
            text: '<b>',
          },
          { tag: 'a', attrs: { href: 'javascript:alert(1)' } },
          { tag: 'style', attrs: {}, text: '.x{}' },
        ],
      },
      { titleId: 't', title: 'A & B' },
    );
    expect(out).toBe(
      '<svg width="10" height="10" viewBox="0 0 10 10" role="img" aria-labelledby="t" focusable="false"><title id="t">A &amp; B</title>' +
        '<text font-weight="bold" font-size="14px" font-family="&quot;Noto Sans&quot;, sans-serif" fill="&quot;&gt;&lt;script&gt;">&lt;b&gt;</text><a></a></svg>',
    );
  });

  it('takes the table from a category axis, a pie or a dataset', () => {
    expect(
      tableOf({
        yAxis: { data: ['a', 'b'] },
        series: [{ name: 's', data: [1, { value: 2 }] }, { data: [3] }],
      }),
    ).toEqual({
      head: ['', 's', '2'],
      rows: [
        ['a', 1, 3],
        ['b', 2, ''],
      ],
    });
    expect(tableOf({ series: { type: 'pie', name: 'n', data: [{ name: 'x', value: 5 }] } })).toEqual({
      head: ['', 'n'],
      rows: [['x', 5]],
    });
    expect(
      tableOf({
        dataset: {
          source: [
            ['k', 'v'],
            ['x', 1],
          ],
        },
      }),
    ).toEqual({ head: ['k', 'v'], rows: [['x', 1]] });
    expect(tableOf({ series: [] })).toBeNull();
  });
});
