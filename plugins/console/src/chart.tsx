import type { UiChartOptions, UiFormat, UiLanguage } from '@kehu/core';
import { type HtmlEscapedString, raw } from '@kehu/core/ui';

type EChartsModule = typeof import('echarts');
let echartsModule: Promise<EChartsModule> | undefined;
// Loaded on the first chart: a console that draws none never pays for ECharts.
const loadECharts = () => {
  echartsModule ??= import('echarts');
  return echartsModule;
};

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 320;
let serial = 0;

/**
 * What the SVG may keep of a `style="…"` attribute: the declarations that SVG also accepts as
 * presentation attributes. The page's CSP (`style-src 'self'`) refuses inline style attributes and
 * `<style>` elements, so ECharts' text fonts become attributes and its hover stylesheet is dropped
 * (hover emphasis needs ECharts' client script anyway).
 */
const PRESENTATION = new Set([
  'fill',
  'fill-opacity',
  'font-family',
  'font-size',
  'font-style',
  'font-variant',
  'font-weight',
  'letter-spacing',
  'opacity',
  'stroke',
  'stroke-opacity',
  'stroke-width',
  'text-anchor',
  'text-decoration',
  'dominant-baseline',
]);

/** `font: italic bold 12px "Noto Sans", sans-serif` as separate font attributes. */
function fontShorthand(value: string): [string, string][] {
  const m =
    /^\s*(?:(italic|oblique|normal)\s+)?(?:(bold|bolder|lighter|normal|\d{3})\s+)?(\d+(?:\.\d+)?(?:px|pt|em|rem|%))(?:\/\S+)?\s+(.+)$/.exec(
      value,
    );
  if (!m) return [];
  const out: [string, string][] = [];
  if (m[1]) out.push(['font-style', m[1]]);
  if (m[2]) out.push(['font-weight', m[2]]);
  out.push(['font-size', m[3]!], ['font-family', m[4]!.trim()]);
  return out;
}

function styleToAttributes(style: string): [string, string][] {
  const out: [string, string][] = [];
  for (const decl of style.split(';')) {
    const colon = decl.indexOf(':');
    if (colon < 0) continue;
    const name = decl.slice(0, colon).trim().toLowerCase();
    const value = decl.slice(colon + 1).trim();
    if (!value) continue;
    if (name === 'font') out.push(...fontShorthand(value));
    else if (PRESENTATION.has(name)) out.push([name, value]);
  }
  return out;
}

const escapeAttribute = (v: string) =>
  v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeText = (v: string) => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** zrender's virtual SVG node: the tree `renderToSVGString()` serialises. */
export interface SvgNode {
  tag: string;
  attrs: Record<string, string | number | boolean | null | undefined>;
  children?: SvgNode[];
  text?: string;
}

/**
 * The chart's SVG tree written out safe to inline under the console's CSP: no `<style>` element, no
 * `style` attribute, no script, no event handler, no ECharts bookkeeping (`ecmeta_*`, hover
 * classes), and every attribute value and text escaped (zrender's own serialiser writes attribute
 * values as they are, so a font family with a quote would break out of its attribute).
 */
export function inlineSafeSvg(
  root: SvgNode,
  a11y: { titleId: string; title: string; descId?: string; desc?: string },
): string {
  const write = (node: SvgNode): string => {
    const tag = node.tag.toLowerCase();
    if (tag === 'style' || tag === 'script' || tag === 'foreignobject' || !/^[a-z][\w:-]*$/.test(tag))
      return '';
    const kept: [string, string | null][] = [];
    for (const [name, value] of Object.entries(node.attrs ?? {})) {
      const lower = name.toLowerCase();
      if (value === false || value === null || value === undefined) continue;
      if (
        !/^[a-z][\w:-]*$/.test(lower) ||
        lower === 'class' ||
        lower.startsWith('ecmeta_') ||
        lower.startsWith('on')
      )
        continue;
      if (lower === 'style') {
        kept.push(...styleToAttributes(String(value)));
        continue;
      }
      if (
        (lower === 'href' || lower === 'xlink:href') &&
        !/^(#|data:image\/(png|jpeg|gif|webp);)/i.test(String(value))
      )
        continue;
      kept.push([name, value === true ? null : String(value)]);
    }
    let head = '';
    if (tag === 'svg' && node === root) {
      kept.push(
        ['role', 'img'],
        ['aria-labelledby', a11y.descId ? `${a11y.titleId} ${a11y.descId}` : a11y.titleId],
        ['focusable', 'false'],
      );
      head =
        `<title id="${escapeAttribute(a11y.titleId)}">${escapeText(a11y.title)}</title>` +
        (a11y.descId && a11y.desc !== undefined
          ? `<desc id="${escapeAttribute(a11y.descId)}">${escapeText(a11y.desc)}</desc>`
          : '');
    }
    const attrs = kept.map(([n, v]) => (v === null ? ` ${n}` : ` ${n}="${escapeAttribute(v)}"`)).join('');
    const body = (node.text ? escapeText(node.text) : '') + (node.children ?? []).map(write).join('');
    return `<${node.tag}${attrs}>${head}${body}</${node.tag}>`;
  };
  return write(root);
}

type Cell = string | number;
const datumValue = (d: unknown): unknown =>
  d !== null && typeof d === 'object' && !Array.isArray(d) ? (d as { value?: unknown }).value : d;
const asArray = <T,>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** The data of a chart as rows: a category axis against each series, a pie's slices, or a dataset. */
export function tableOf(option: Record<string, unknown>): { head: string[]; rows: Cell[][] } | null {
  const series = asArray(option.series as Record<string, unknown> | Record<string, unknown>[]);
  const dataset = asArray(option.dataset as { source?: unknown } | { source?: unknown }[] | undefined)[0];
  const source = dataset?.source;
  if (Array.isArray(source) && Array.isArray(source[0])) {
    const [head, ...rows] = source as Cell[][];
    return { head: head!.map(String), rows };
  }
  const axes = [
    ...asArray(option.xAxis as Record<string, unknown> | Record<string, unknown>[]),
    ...asArray(option.yAxis as Record<string, unknown> | Record<string, unknown>[]),
  ];
  const category = axes.find((a) => Array.isArray(a?.data));
  if (category) {
    const names = (category.data as unknown[]).map((c) => String(datumValue(c) ?? c));
    const shown = series.filter((s) => Array.isArray(s.data));
    return {
      head: ['', ...shown.map((s, i) => String(s.name ?? `${i + 1}`))],
      rows: names.map((name, j) => [
        name,
        ...shown.map((s) => {
          const v = datumValue((s.data as unknown[])[j]);
          return typeof v === 'number' ? v : v === undefined || v === null ? '' : String(v);
        }),
      ]),
    };
  }
  const pie = series.find((s) => s.type === 'pie' && Array.isArray(s.data));
  if (pie) {
    return {
      head: ['', String(pie.name ?? '')],
      rows: (pie.data as { name?: string; value?: unknown }[]).map((d) => [
        String(d?.name ?? ''),
        typeof d?.value === 'number' ? d.value : String(d?.value ?? ''),
      ]),
    };
  }
  return null;
}

/** `req.chart`: the option drawn by ECharts on the server, as an accessible figure with its data table. */
export async function renderChart(
  option: Record<string, unknown>,
  options: UiChartOptions,
  page: { lang: UiLanguage; format: UiFormat; tableLabel: string },
): Promise<HtmlEscapedString> {
  const echarts = await loadECharts();
  const width = options.width ?? DEFAULT_WIDTH;
  const height = options.height ?? DEFAULT_HEIGHT;
  const chart = echarts.init(null, null, {
    renderer: 'svg',
    ssr: true,
    width,
    height,
    locale: page.lang === 'zh-CN' ? 'ZH' : 'EN',
  });
  let tree: SvgNode;
  try {
    // No animation: a server picture is drawn once, and CSS animations would need a <style>.
    chart.setOption({ ...option, animation: false } as never);
    // The tree renderToSVGString() would serialise, without CSS animation or hover emphasis.
    const painter = chart.getZr().painter as unknown as {
      renderToVNode(opts: {
        animation: boolean;
        emphasis: boolean;
        compress: boolean;
        willUpdate: boolean;
        useViewBox: boolean;
      }): SvgNode;
    };
    tree = painter.renderToVNode({
      animation: false,
      emphasis: false,
      compress: true,
      willUpdate: false,
      useViewBox: true,
    });
  } finally {
    chart.dispose();
  }
  const id = `chart-${(++serial).toString(36)}`;
  const picture = inlineSafeSvg(tree, {
    titleId: `${id}-title`,
    title: options.title,
    ...(options.description !== undefined ? { descId: `${id}-desc`, desc: options.description } : {}),
  });
  const table = options.table ?? tableOf(option);
  const formatValue = options.formatValue ?? ((v: number) => page.format.number(v));
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <div class="chart-picture">{raw(picture)}</div>
      <figcaption id={`${id}-caption`}>{options.title}</figcaption>
      {table ? (
        <details class="chart-data">
          <summary>{page.tableLabel}</summary>
          <div class="table-wrap">
            <table>
              <caption class="sr-only">{options.title}</caption>
              <thead>
                <tr>
                  {table.head.map((h, i) => (
                    <th scope="col" class={i > 0 ? 'num' : undefined}>
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((row) => (
                  <tr>
                    {row.map((cell, i) =>
                      i === 0 ? (
                        <th scope="row">{String(cell)}</th>
                      ) : (
                        <td class="num">{typeof cell === 'number' ? formatValue(cell) : cell}</td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </figure>
  ) as unknown as HtmlEscapedString;
}
