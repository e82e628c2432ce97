import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { type BrowserSession, launchChromium, openTab } from '../src/harness.js';

/**
 * The README's first steps, as a new user takes them: `pnpm start` at the root of the checkout (on a
 * fresh SQLite file in a temporary folder, on 127.0.0.1 and a free port), the demo sign-ins it
 * prints, then the browser suite's steps by hand in chromium: sign in, search a customer, open it,
 * log a communication, create an invoice that credit refuses and read why, approve a request as a
 * second user, switch the language, and the customers list on a phone-width screen.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The first start seeds the demo company with every plugin's data: slow on a shared machine. */
const START_TIMEOUT = 180_000;
const STOP_TIMEOUT = 15_000;

interface SignIn {
  /** The role's English label, as printed. */
  role: string;
  email: string;
  password: string;
  name: string;
}

interface Started {
  url: string;
  signIns: SignIn[];
}

let child: ChildProcess | undefined;
let exited: Promise<number | null> | undefined;
let dataDir: string;
let browser: Browser | undefined;
let output = '';

/** Starts `pnpm start` and resolves once it has printed its last line ("Stop with Ctrl-C."). */
function startQuickstart(): Promise<Started> {
  dataDir = mkdtempSync(join(tmpdir(), 'kehu-readme-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_URL: join(dataDir, 'kehu.db'),
  };
  // A first start as the README describes it: a random admin token.
  delete env.KEHU_ADMIN_TOKEN;
  // Its own process group, so stopping it stops pnpm and the node process under it.
  const proc = spawn('pnpm', ['start'], {
    cwd: repoRoot,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child = proc;
  exited = new Promise((resolve) => proc.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(new Error(`pnpm start printed no "Stop with Ctrl-C." within ${START_TIMEOUT} ms:\n${output}`)),
      START_TIMEOUT,
    );
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (!output.includes('Stop with Ctrl-C.')) return;
      clearTimeout(timer);
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      // `  <role> <email> <password>  <name> (<role in Chinese>)`, one line per role.
      const signIns = [...output.matchAll(/^ {2}(.+?) +(\S+@\S+) +(\S+) {2}(.+) \(.+\)$/gm)].map(
        ([, role, email, password, name]) => ({
          role: role!,
          email: email!,
          password: password!,
          name: name!,
        }),
      );
      if (!url) reject(new Error(`no URL in the output:\n${output}`));
      else resolve({ url, signIns });
    };
    proc.stdout!.on('data', read);
    proc.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
    });
    proc.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`pnpm start exited with ${code}:\n${output}`));
    });
  });
}

/** Ctrl-C as the README says, then the whole group if it does not stop in time. */
async function stopQuickstart(): Promise<void> {
  if (!child?.pid || child.exitCode !== null) return;
  process.kill(-child.pid, 'SIGINT');
  const stopped = await Promise.race([
    exited!.then(() => true),
    new Promise<boolean>((r) => setTimeout(() => r(false), STOP_TIMEOUT).unref()),
  ]);
  if (!stopped) process.kill(-child.pid, 'SIGKILL');
}

let started: Started;
beforeAll(async () => {
  [started, browser] = await Promise.all([startQuickstart(), launchChromium()]);
}, START_TIMEOUT + 30_000);
afterAll(async () => {
  await browser?.close();
  await stopQuickstart();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, STOP_TIMEOUT + 10_000);

/** The printed sign-in of a role, by its English label. */
function signInOf(role: string): SignIn {
  const found = started.signIns.find((s) => s.role === role);
  if (!found) throw new Error(`pnpm start printed no sign-in for "${role}":\n${output}`);
  return found;
}

/** Fills the sign-in form the console opens with, and waits for the dashboard. */
async function signInByHand(s: BrowserSession, who: SignIn): Promise<void> {
  const { page } = s;
  await s.goto('/');
  expect(new URL(page.url()).pathname).toBe('/sign-in');
  await page.locator('input[name=email]').fill(who.email);
  await page.locator('input[name=password]').fill(who.password);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/dashboard'),
    page.locator('input[name=password]').press('Enter'),
  ]);
  await expect.poll(() => page.getByText(who.name).count()).toBeGreaterThan(0);
}

it('pnpm start prints one demo sign-in per role, on 127.0.0.1 and the port it picked', () => {
  const url = new URL(started.url);
  expect(url.hostname).toBe('127.0.0.1');
  expect(Number(url.port)).toBeGreaterThan(0);
  const roles = started.signIns.map((s) => s.role);
  expect(new Set(roles).size).toBe(roles.length);
  for (const role of ['Administrator', 'Account manager', 'Credit manager', 'Finance manager', 'Staff'])
    expect(roles).toContain(role);
});

it('an account manager signs in, finds a customer, logs a communication and reads why credit refuses an invoice', async () => {
  const am = signInOf('Account manager');
  const s = await openTab(browser!, started.url, { lang: 'zh-CN' });
  const { page } = s;
  try {
    await signInByHand(s, am);
    await s.check('readme-walk-dashboard');

    await page.getByRole('navigation').getByRole('link', { name: '客户', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/customers');
    await page.locator('input[name=q]').fill('华联');
    await page.locator('input[name=q]').press('Enter');
    const found = page.locator('main tbody a[href^="/customers/"]', { hasText: '上海华联超市有限公司' });
    await expect.poll(() => found.count()).toBe(1);
    await s.check('readme-walk-search');
    await found.click();
    await page.waitForURL(/\/customers\/[^/?]+$/);
    await expect
      .poll(() => page.getByRole('heading', { name: '上海华联超市有限公司', level: 1 }).count())
      .toBe(1);
    await s.check('readme-walk-customer');

    await page.locator('[name=subject]').fill('电话回访：五月促销备货');
    await page.locator('[name=result]').fill('客户确认追加两批订单');
    await page.locator('form[action$="/communications"] button[type=submit]').click();
    await expect.poll(() => page.getByText('沟通记录已登记。').count()).toBe(1);
    await expect.poll(() => page.getByRole('cell', { name: '电话回访：五月促销备货' }).count()).toBe(1);
    await s.check('readme-walk-communication');

    // Far more than any demo customer's limit: credit refuses it, and the form says why.
    await page.locator('[data-panel="receivables.balance"] a[href*="/invoices/new"]').click();
    await page.waitForURL(/\/receivables\/invoices\/new/);
    await page.locator('input[name=description]').fill('中秋礼盒 整柜');
    await page.locator('input[name=unitPrice]').fill('50000000');
    await page.locator('form[action="/receivables/invoices/new"] button[type=submit]').click();
    const refusal = page.locator('#invoice-refusal');
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await refusal.locator('strong').textContent()).toBe('发票未能创建');
    expect(await refusal.locator('li').count()).toBeGreaterThan(0);
    expect(await page.locator('input[name=unitPrice]').inputValue()).toBe('50000000');
    await s.check('readme-walk-invoice-refused');
  } finally {
    await s.close();
  }
}, 120_000);

it('the credit manager approves the limit request waiting for them, then switches to English', async () => {
  const cm = signInOf('Credit manager');
  const s = await openTab(browser!, started.url, { lang: 'zh-CN' });
  const { page } = s;
  try {
    await signInByHand(s, cm);
    await s.goto('/credit/approvals');
    const row = page.locator('#cr-pl tbody tr', { hasText: '年度合作框架签订' });
    await expect.poll(() => row.count()).toBe(1);
    await s.check('readme-walk-approvals');
    await row.locator('form[action$="/approve"] button').click();
    await page.locator('.notice-success').waitFor();
    await expect.poll(() => row.count()).toBe(0);
    await s.check('readme-walk-approved');

    await page.locator('#lang-select').selectOption('en');
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('en');
    expect(new URL(page.url()).pathname).toBe('/credit/approvals');
    await expect
      .poll(() => page.getByRole('navigation').getByRole('link', { name: 'Customers', exact: true }).count())
      .toBe(1);
    await s.check('readme-walk-english');
  } finally {
    await s.close();
  }
}, 120_000);

it('the customers list fits a phone-width screen', async () => {
  const am = signInOf('Account manager');
  const s = await openTab(browser!, started.url, {
    lang: 'zh-CN',
    viewport: { width: 390, height: 844 },
    signIn: { email: am.email, password: am.password },
  });
  try {
    await s.goto('/customers');
    const overflow = await s.page.evaluate(() => {
      const d = (
        globalThis as unknown as {
          document: { documentElement: { scrollWidth: number; clientWidth: number } };
        }
      ).document.documentElement;
      return d.scrollWidth - d.clientWidth;
    });
    expect(overflow).toBeLessThanOrEqual(1);
    expect(await s.page.locator('main tbody a[href^="/customers/"]').count()).toBeGreaterThan(0);
    await s.check('readme-walk-phone');
  } finally {
    await s.close();
  }
}, 120_000);
