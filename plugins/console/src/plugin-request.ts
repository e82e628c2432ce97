import type { UiRequest } from '@kehu/core';
import { renderChart } from './chart';
import { errorPage } from './components';
import type { SignedInPage } from './context.js';
import { callApi, flashNext } from './context.js';
import { fill } from './i18n.js';

/** The request a plugin's contribution sees: its own catalog and URL prefix, the user's rights. */
export function pluginRequest(
  page: SignedInPage,
  plugin: string,
  extra: { params?: Record<string, string>; form?: Record<string, string | string[]> } = {},
): UiRequest {
  const messages = page.kernel.ui.messages.get(plugin);
  return {
    principal: page.principal,
    lang: page.lang,
    c: page.c,
    params: extra.params ?? {},
    query: page.c.req.query(),
    form: extra.form ?? {},
    csrfToken: page.csrfToken,
    format: page.format,
    label: page.label,
    t: (key, params) => fill(messages?.[page.lang]?.[key] ?? messages?.en?.[key] ?? key, params),
    href: (path) => `/${plugin}${path.startsWith('/') ? path : `/${path}`}`,
    api: (method, path, body) => callApi(page, method, path, body),
    chart: (option, options) =>
      renderChart(option, options, {
        lang: page.lang,
        format: page.format,
        tableLabel: page.t('chart.dataTable'),
      }),
    flash: (kind, text) => flashNext(page, kind, text),
    notFound: () => errorPage(page, 404),
  };
}

/** Renders a contribution, turning its failure into a short notice instead of a broken page. */
export async function safely<T>(
  page: SignedInPage,
  what: string,
  render: () => T | Promise<T>,
): Promise<T | null> {
  try {
    return await render();
  } catch (err) {
    page.kernel.logger.error(`console: ${what} failed`, {
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}
