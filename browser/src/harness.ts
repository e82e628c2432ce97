import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ServerType, serve } from '@hono/node-server';
import type { AnyPlugin, Kernel } from '@kehu/core';
import { createTestKehu, type TestKehu, testDatabases } from '@kehu/core/testing';
import { consolePlugin } from '@kehu/plugin-console';
import { seedDemo } from '@kehu/sdk';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page, type Response } from 'playwright-core';

/** Debian's chromium (`.ci/run` installs it); `KEHU_CHROMIUM` names another binary. */
export const CHROMIUM = process.env.KEHU_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(dirname(fileURLToPath(import.meta.url)), '..', 'screenshots');
export const PASSWORD = 'browser suite password';

/** Every wait is bounded: a page that hangs fails its test instead of the suite. */
const ACTION_TIMEOUT = 20_000;
const NAVIGATION_TIMEOUT = 30_000;
const LAUNCH_TIMEOUT = 30_000;

export type Language = 'zh-CN' | 'en';
export const LANGUAGES: readonly Language[] = ['zh-CN', 'en'];

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface StartOptions {
  /** Plugins besides the console, which is always enabled. */
  plugins?: AnyPlugin[];
  /** Seed the demo company (users for every role, 25 customers, each plugin's `seedDemo`); default true. */
  demo?: boolean;
  /** More data, after the demo data. */
  seed?(kernel: Kernel, kit: { person(roles: string[], name?: string): Promise<Person> }): Promise<void>;
}

export interface BrowserSession {
  readonly page: Page;
  readonly context: BrowserContext;
  readonly lang: Language;
  readonly person: Person;
  /** Opens a console path and fails unless it answers with `status` (default: below 400). */
  goto(path: string, status?: number): Promise<Response>;
  /** A full-page PNG at `browser/screenshots/<name>.<lang>.png`; returns its path. */
  screenshot(name: string): Promise<string>;
  /** Runs axe-core on the page; fails on any serious or critical violation, naming rule and elements. */
  expectNoAxeViolations(options?: { exclude?: string[] }): Promise<void>;
  /**
   * Fails if the page logged a CSP refusal or threw since the last check; `allow` names problems that
   * are known and harmless (reported elsewhere), which are dropped.
   */
  expectCleanConsole(options?: { allow?: RegExp }): void;
  /** Screenshot, axe and console in one: what every page of a test should pass. */
  check(name: string): Promise<void>;
  close(): Promise<void>;
}

export interface BrowserKehu {
  readonly t: TestKehu;
  readonly kernel: Kernel;
  /** `http://127.0.0.1:<port>` of the running server. */
  readonly baseUrl: string;
  /** A user with the roles (a demo user when one has them), who can sign in with the suite's password. */
  person(roles: string[], name?: string): Promise<Person>;
  /**
   * A browser tab in `lang` (locale and Accept-Language), signed in through the sign-in form as a
   * person with the roles. `viewport` defaults to a 1280 × 800 desktop.
   */
  signIn(
    who: string[] | Person,
    options: { lang: Language; viewport?: { width: number; height: number } },
  ): Promise<BrowserSession>;
  /** A tab that is not signed in. */
  anonymous(options: {
    lang: Language;
    viewport?: { width: number; height: number };
  }): Promise<BrowserSession>;
  close(): Promise<void>;
}

function listen(fetch: Parameters<typeof serve>[0]['fetch']): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(server));
    server.once('error', reject);
  });
}

/**
 * Boots a Kehu with the console and the given plugins (in-memory SQLite, or a fresh schema of the
 * PostgreSQL server named by `KEHU_TEST_DATABASE_URL`), serves it on 127.0.0.1 on a free port and
 * launches one headless chromium for the whole file. Call once per test file, in `beforeAll`.
 */
export async function startKehu(options: StartOptions = {}): Promise<BrowserKehu> {
  const plugins = [consolePlugin, ...(options.plugins ?? [])];
  const [db] = testDatabases();
  const t = await createTestKehu(db!, { plugins });
  const kernel = t.kernel;
  const people = new Map<string, Person>();
  let seq = 0;

  async function withPassword(user: { id: string; name: string; email: string | null }): Promise<Person> {
    const known = people.get(user.id);
    if (known) return known;
    await kernel.accounts.setPassword(user.id, PASSWORD);
    const person = { id: user.id, name: user.name, email: user.email! };
    people.set(user.id, person);
    return person;
  }
  async function newPerson(roles: string[], name?: string): Promise<Person> {
    const n = ++seq;
    const user = await kernel.users.create({
      name: name ?? `${roles.join(' ')} ${n}`,
      email: `browser-${n}@kehu.example`,
      roles,
    });
    return withPassword(user);
  }
  async function person(roles: string[], name?: string): Promise<Person> {
    if (name === undefined) {
      const users = await kernel.users.list();
      const match = users.find(
        (u) =>
          u.email &&
          u.active !== false &&
          roles.every((r) => u.roles.includes(r)) &&
          u.roles.length === roles.length,
      );
      if (match) return withPassword(match);
    }
    return newPerson(roles, name);
  }

  let server: ServerType | undefined;
  let browser: Browser | undefined;
  try {
    if (options.demo !== false) await seedDemo(kernel, { plugins });
    await options.seed?.(kernel, { person: newPerson });
    await t.drain();
    server = await listen(kernel.app.fetch);
    browser = await launchChromium();
  } catch (err) {
    await browser?.close();
    server?.close();
    await t.close();
    throw err;
  }
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;

  const open = (who: Person | null, opts: TabOptions) =>
    openTab(
      browser!,
      baseUrl,
      who ? { ...opts, person: who, signIn: { email: who.email, password: PASSWORD } } : opts,
    );

  return {
    t,
    kernel,
    baseUrl,
    person,
    async signIn(who, opts) {
      return open(Array.isArray(who) ? await person(who) : who, opts);
    },
    anonymous: (opts) => open(null, opts),
    async close() {
      await browser?.close();
      await new Promise<void>((resolve) => {
        server!.close(() => resolve());
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      });
      await t.close();
    },
  };
}

/** Debian's chromium, headless, with every wait bounded; one per test file. */
export async function launchChromium(): Promise<Browser> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: LAUNCH_TIMEOUT,
    // Root in a CI container has no user namespace for chromium's sandbox.
    args: ['--no-sandbox', '--disable-dev-shm-usage', '--font-render-hinting=none'],
  });
}

export interface TabOptions {
  lang: Language;
  viewport?: { width: number; height: number };
}

/**
 * A new browser context on `baseUrl` (locale and Accept-Language = `lang`, Beijing time) that records
 * what the page logs; with `signIn`, signed in through the sign-in form (it waits for the dashboard).
 */
export async function openTab(
  browser: Browser,
  baseUrl: string,
  opts: TabOptions & { signIn?: { email: string; password: string }; person?: Person },
): Promise<BrowserSession> {
  const context = await browser!.newContext({
    baseURL: baseUrl,
    locale: opts.lang,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    timezoneId: 'Asia/Shanghai',
  });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (msg) => {
    // A page answering 4xx on purpose (a refused sign-in, a 404 page) logs this too; failed
    // subresources are caught below instead.
    if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource: the server responded'))
      problems.push(`console: ${msg.text()}`);
  });
  page.on('response', (res) => {
    if (res.status() >= 400 && res.request().resourceType() !== 'document')
      problems.push(`${res.status()} ${res.request().method()} ${res.url()}`);
  });
  page.on('requestfailed', (req) =>
    problems.push(`failed ${req.method()} ${req.url()}: ${req.failure()?.errorText}`),
  );
  page.on('pageerror', (err) => problems.push(`page error: ${err.message}`));

  const session: BrowserSession = {
    page,
    context,
    lang: opts.lang,
    person: opts.person ?? { id: '', name: '', email: opts.signIn?.email ?? '' },
    async goto(path, status) {
      const res = await page.goto(path, { waitUntil: 'load' });
      if (!res) throw new Error(`no response for ${path}`);
      if (status === undefined ? res.status() >= 400 : res.status() !== status)
        throw new Error(`${path} answered ${res.status()}${status ? `, expected ${status}` : ''}`);
      return res;
    },
    async screenshot(name) {
      const file = join(SCREENSHOTS, `${name}.${opts.lang}.png`);
      await page.screenshot({ path: file, fullPage: true, animations: 'disabled' });
      return file;
    },
    async expectNoAxeViolations(o = {}) {
      // Runtime.evaluate is not subject to the page's CSP, so axe runs without weakening it.
      if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(axe.source);
      const results = (await page.evaluate((exclude) => {
        const w = globalThis as unknown as {
          axe: { run(context: unknown, options: unknown): Promise<unknown> };
          document: unknown;
        };
        const context = exclude.length ? { exclude: exclude.map((s) => [s]) } : w.document;
        return w.axe.run(context, { resultTypes: ['violations'] });
      }, o.exclude ?? [])) as axe.AxeResults;
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (bad.length) {
        const detail = bad
          .map(
            (v) =>
              `${v.impact} ${v.id}: ${v.help}\n${v.nodes
                .slice(0, 5)
                .map(
                  (n) =>
                    `    ${n.target.join(' ')}  ${n.failureSummary?.split('\n').slice(1, 2).join('') ?? ''}`,
                )
                .join('\n')}`,
          )
          .join('\n');
        throw new Error(
          `axe found ${bad.length} serious or critical violation(s) on ${page.url()}:\n${detail}`,
        );
      }
    },
    expectCleanConsole(o = {}) {
      const found = problems.splice(0).filter((p) => !o.allow?.test(p));
      if (found.length) throw new Error(`the page at ${page.url()} reported:\n${found.join('\n')}`);
    },
    async check(name) {
      await session.screenshot(name);
      await session.expectNoAxeViolations();
      session.expectCleanConsole();
    },
    close: () => context.close(),
  };
  if (opts.signIn) {
    await session.goto('/sign-in');
    await page.locator('input[name=email]').fill(opts.signIn.email);
    await page.locator('input[name=password]').fill(opts.signIn.password);
    await Promise.all([
      page.waitForURL((url) => url.pathname === '/dashboard'),
      page.locator('input[name=password]').press('Enter'),
    ]);
  }
  return session;
}
