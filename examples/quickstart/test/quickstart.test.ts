import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase, silentLogger } from '@kehu/core';
import { testDatabases } from '@kehu/core/testing';
import { createClient, isProblem } from '@kehu/sdk/client';
import { describe, expect, it } from 'vitest';
import { quickstartConfig, startQuickstart, workspaceRoot } from '../src/index.js';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url)).replace(/\/$/, '');

/** A database URL the quickstart opens itself, as with DATABASE_URL: a SQLite file or a fresh PostgreSQL schema. */
async function databaseUrl(): Promise<string> {
  const pg = process.env.KEHU_TEST_DATABASE_URL;
  if (!pg) return join(mkdtempSync(join(tmpdir(), 'kehu-quickstart-')), 'kehu.db');
  const schema = `t_qs_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await (await openDatabase({ url: pg, schema, poolSize: 1 })).close();
  const url = new URL(pg);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** The demo sign-ins as printed: `  <label> <email> <password>  <name> (<中文 label>)`. */
function printedSignIns(printed: string) {
  return [...printed.matchAll(/^ {2}(.+?) +(\S+@\S+) +(\S+) {2}(.+) \((.+)\)$/gm)].map(
    ([, en, email, password, name, zh]) => ({
      label: `${en}|${zh}`,
      email: email!,
      password: password!,
      name: name!,
    }),
  );
}

/** The console's sign-in form over a real socket, as a browser sends it; then the page it lands on. */
async function signInToDashboard(baseUrl: string, email: string, password: string) {
  const cookies = new Map<string, string>();
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
  };
  const cookie = () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await fetch(`${baseUrl}/sign-in`);
  keep(form);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await form.text())?.[1] ?? '';
  const signedIn = await fetch(`${baseUrl}/sign-in`, {
    method: 'POST',
    redirect: 'manual',
    headers: { cookie: cookie(), origin: baseUrl, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ _csrf: csrf, email, password, next: '/dashboard' }),
  });
  keep(signedIn);
  const location = signedIn.headers.get('location') ?? '';
  const open = (path: string) =>
    fetch(new URL(path, baseUrl), { redirect: 'manual', headers: { cookie: cookie() } });
  const landed = await open(location);
  return { location, status: landed.status, html: await landed.text(), open };
}

/**
 * A first start seeds the whole demo company through the services (about 130 API calls, then each
 * plugin's invoices, complaints, surveys…) and hashes a password per role: 12–30 s on SQLite, 30 s
 * on PostgreSQL on a quiet machine and up to 100 s while the PostgreSQL server is shared with other
 * suites. The tests that start it get a bound that fits that.
 */
const FIRST_START_TIMEOUT = 240_000;

const quiet = { logger: silentLogger, scheduler: false } as const;
const serveOptions = (out: string[]) => ({
  port: 0,
  host: '127.0.0.1',
  handleSignals: false,
  print: (t: string) => out.push(t),
  progress: (l: string) => out.push(l),
});

describe('quickstartConfig', () => {
  it('keeps SQLite at <checkout>/data/kehu.db wherever it runs, unless DATABASE_URL says otherwise', () => {
    expect(workspaceRoot(join(repoRoot, 'examples/quickstart/src'))).toBe(repoRoot);
    expect(quickstartConfig({}, join(repoRoot, 'examples/quickstart')).database).toBe(
      join(repoRoot, 'data', 'kehu.db'),
    );
    expect(quickstartConfig({}, repoRoot).database).toBe(join(repoRoot, 'data', 'kehu.db'));
    const outside = mkdtempSync(join(tmpdir(), 'kehu-outside-'));
    expect(quickstartConfig({}, outside).database).toBe(join(outside, 'data', 'kehu.db'));
    expect(quickstartConfig({ DATABASE_URL: 'postgres://kehu@db/kehu' }, outside).database).toBe(
      'postgres://kehu@db/kehu',
    );
    expect(quickstartConfig({}, outside).plugins?.map((p) => ('name' in p ? p.name : p.plugin.name))).toEqual(
      ['receivables', 'credit', 'complaints', 'key-accounts', 'satisfaction', 'console'],
    );
  });
});

describe.each(testDatabases())('the quickstart on $name', () => {
  it(
    'seeds the demo company on first start, prints how to call it, and the printed token lists customers over HTTP',
    async () => {
      const out: string[] = [];
      const { server, seeded, adminToken, signIns } = await startQuickstart(
        { ...quickstartConfig({ DATABASE_URL: await databaseUrl() }), ...quiet },
        serveOptions(out),
      );
      try {
        expect(seeded).toBe(true);
        const printed = out.join('');
        expect(printed).toContain(`listening on ${server.url}`);
        expect(printed).toContain('Plugins: receivables@');
        expect(printed).toContain(', credit@');
        expect(printed).toContain(
          `curl -H "Authorization: Bearer ${adminToken}" ${server.url}/api/v1/customers`,
        );
        expect(printed).toMatch(
          /Seeded \d+ customers, \d+ contacts, \d+ communications and the data of receivables, credit, complaints, key-accounts, satisfaction\./,
        );

        // The printed curl command, over a real socket.
        const curl = await fetch(`${server.url}/api/v1/customers`, {
          headers: { authorization: `Bearer ${adminToken}` },
        });
        expect(curl.status).toBe(200);

        // The typed client, end to end.
        const client = createClient({ baseUrl: server.url, token: adminToken! });
        const page = await client.get('/api/v1/customers', {
          query: { limit: 100, include: 'credit,receivables' },
        });
        const names = JSON.stringify(page);
        for (const name of ['上海华联超市有限公司', 'Golden Harvest Foods Pte. Ltd.', '陈晓东'])
          expect(names).toContain(name);
        // Every plugin has demo data: credit profiles are seeded before receivables issues invoices on credit.
        const facets = page.items.map(
          (c) =>
            (
              c as {
                facets?: { credit?: unknown; receivables?: { balances: { outstanding: number }[] } | null };
              }
            ).facets,
        );
        expect(facets.filter((f) => f?.credit).length).toBeGreaterThan(5);
        expect(
          facets.filter((f) => f?.receivables?.balances.some((b) => b.outstanding > 0)).length,
        ).toBeGreaterThan(5);
        const meta = await client.get('/api/v1/meta');
        expect(meta.plugins.map((p) => p.name)).toEqual([
          'receivables',
          'credit',
          'complaints',
          'key-accounts',
          'satisfaction',
          'console',
        ]);
        const health = await client.get('/api/health');
        expect(health).toEqual({ status: 'ok', database: server.kernel.database.dialect });

        // The console opens at / and prints one demo sign-in per role the kernel defines; each one
        // signs in through the form and reaches the dashboard.
        const home = await fetch(`${server.url}/`, { redirect: 'manual' });
        expect(home.status).toBe(303);
        expect(home.headers.get('location')).toBe('/sign-in');
        const listed = printedSignIns(printed);
        const roles = server.kernel.permissions.listRoles();
        expect(roles.length).toBeGreaterThanOrEqual(10);
        expect(listed.map((s) => s.label)).toEqual(roles.map((r) => `${r.labels.en}|${r.labels['zh-CN']}`));
        expect(printed).not.toContain('No demo person');
        expect(listed.map((s) => s.email)).toEqual(signIns.map((s) => s.email));
        const dashboards = await Promise.all(
          listed.map((s) => signInToDashboard(server.url, s.email, s.password)),
        );
        for (const [i, s] of listed.entries()) {
          expect(dashboards[i]!.location, s.label).toBe('/dashboard');
          expect(dashboards[i]!.status, s.label).toBe(200);
          expect(dashboards[i]!.html, s.label).toContain(s.name);
        }
        // The roles whose work comes to them find some waiting.
        const session = new Map(signIns.map((s, i) => [s.role, dashboards[i]!]));
        for (const [role, path, text] of [
          ['credit_manager', '/credit/approvals', '年度合作框架签订'],
          ['customer_service', '/complaints/?view=mine', '产品漏油'],
          ['sales_manager', '/access-requests?status=pending', 'Tom Xu'],
          ['staff', '/customers', '上海华联超市有限公司'],
        ] as const) {
          const res = await session.get(role)!.open(path);
          expect(res.status, path).toBe(200);
          expect(await res.text(), `${role} ${path}`).toContain(text);
        }

        const wrong = await client
          .post('/api/v1/customers', { body: { name: '  ' } })
          .catch((e: unknown) => e);
        expect(isProblem(wrong, 'validation_failed')).toBe(true);
      } finally {
        await server.close();
      }
    },
    FIRST_START_TIMEOUT,
  );

  it(
    'does not seed or print a token again on the next start of the same database',
    async () => {
      const url = await databaseUrl();
      const first = await startQuickstart(
        { ...quickstartConfig({ DATABASE_URL: url }), ...quiet },
        serveOptions([]),
      );
      await first.server.close();
      const out: string[] = [];
      const second = await startQuickstart(
        { ...quickstartConfig({ DATABASE_URL: url }), ...quiet },
        serveOptions(out),
      );
      try {
        expect(second.seeded).toBe(false);
        expect(second.adminToken).toBeUndefined();
        expect(out.join('')).toContain(
          'A new one: pnpm --filter @kehu/example-quickstart exec kehu tokens create --user Administrator',
        );
        const client = createClient({ baseUrl: second.server.url, token: first.adminToken! });
        const page = await client.get('/api/v1/customers', { query: { limit: 200 } });
        expect(JSON.stringify(page).match(/上海华联超市有限公司/g)).toHaveLength(1);
      } finally {
        await second.server.close();
      }
    },
    FIRST_START_TIMEOUT,
  );
});
