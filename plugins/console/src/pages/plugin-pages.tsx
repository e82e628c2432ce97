import type { ConsoleApp } from '../app';
import { errorPage } from '../components';
import type { SignedInPage } from '../context.js';
import { labelOf } from '../context.js';
import { Layout } from '../layout';
import { pluginRequest } from '../plugin-request.js';

const compiled = new WeakMap<object, { re: RegExp; names: string[] }>();
function matcher(page: { path: string }) {
  let m = compiled.get(page);
  if (!m) {
    const names: string[] = [];
    const pattern = page.path
      .split('/')
      .map((seg) => {
        if (!seg.startsWith(':')) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(seg.slice(1));
        return '([^/]+)';
      })
      .join('/');
    m = { re: new RegExp(`^${pattern}/?$`), names };
    compiled.set(page, m);
  }
  return m;
}

/** Plugin pages at `/<plugin><path>`, found in the UI registry at request time. */
export function pluginPages(app: ConsoleApp): void {
  app.on(['GET', 'POST'], '/:plugin/*', async (c, next) => {
    const page = c.get('page') as SignedInPage;
    const plugin = c.req.param('plugin');
    const rest = c.req.path.slice(plugin.length + 1) || '/';
    for (const def of page.kernel.ui.pages) {
      if (def.plugin !== plugin) continue;
      const m = matcher(def).re.exec(rest);
      if (!m) continue;
      if (def.access && !page.principal.can(def.access)) return errorPage(page, 403);
      const params: Record<string, string> = {};
      matcher(def).names.forEach((n, i) => {
        params[n] = decodeURIComponent(m[i + 1]!);
      });
      const form: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(c.get('form') ?? {}))
        if (typeof v === 'string' || (Array.isArray(v) && v.every((x) => typeof x === 'string')))
          form[k] = v as string | string[];
      const req = pluginRequest(page, plugin, { params, form });
      const handler = c.req.method === 'POST' ? def.post : def.get;
      if (!handler) return next();
      const out = await handler.call(def, req);
      if (out instanceof Response) return out;
      if (c.req.header('hx-request')) return c.html(out ?? '');
      return c.html(
        <Layout page={page} title={labelOf(page.lang, def.title)}>
          {out}
        </Layout>,
      );
    }
    return next();
  });
}
