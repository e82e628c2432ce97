import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium, openTab } from '../src/harness.js';

/**
 * The README's first steps, as a new user takes them: `pnpm start` at the root of the checkout (on a
 * fresh SQLite file in a temporary folder, on 127.0.0.1 and a free port), one of the printed demo
 * sign-ins, then the console in chromium: `/`, the sign-in form, the customers list and a customer.
 */

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
/** The first start seeds the demo company with every plugin's data: slow on a shared machine. */
const START_TIMEOUT = 180_000;
const STOP_TIMEOUT = 15_000;

interface Started {
  url: string;
  signIns: { role: string; email: string; password: string; name: string }[];
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
      const signIns = [...output.matchAll(/^ {2}(\w+) +(\S+@\S+) +(\S+) {2}\((.+)\)$/gm)].map(
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

it('pnpm start prints a demo sign-in that opens the console, the customers list and a customer', async () => {
  const url = new URL(started.url);
  expect(url.hostname).toBe('127.0.0.1');
  expect(Number(url.port)).toBeGreaterThan(0);
  const roles = started.signIns.map((s) => s.role);
  expect(roles).toEqual(expect.arrayContaining(['general_manager', 'sales_manager', 'account_manager']));
  const am = started.signIns.find((s) => s.role === 'account_manager')!;

  const s = await openTab(browser!, started.url, { lang: 'zh-CN' });
  const { page } = s;
  try {
    await s.goto('/');
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await page.locator('input[name=email]').fill(am.email);
    await page.locator('input[name=password]').fill(am.password);
    await Promise.all([
      page.waitForURL((u) => u.pathname === '/dashboard'),
      page.locator('input[name=password]').press('Enter'),
    ]);
    await expect.poll(() => page.getByText(am.name).count()).toBeGreaterThan(0);
    await s.check('readme-walk-dashboard');

    await page.getByRole('navigation').getByRole('link', { name: '客户', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/customers');
    const customers = page.locator('main tbody a[href^="/customers/"]');
    await expect.poll(() => customers.count()).toBeGreaterThan(0);
    await s.check('readme-walk-customers');

    const name = (await customers.first().textContent())!.trim();
    await customers.first().click();
    await page.waitForURL(/\/customers\/[^/?]+$/);
    await expect.poll(() => page.getByRole('heading', { name, level: 1 }).count()).toBe(1);
    await s.check('readme-walk-customer');
  } finally {
    await s.close();
  }
}, 120_000);
