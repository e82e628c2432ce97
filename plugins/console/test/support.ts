import type { AnyPlugin, KernelOptions } from '@kehu/core';
import { createTestKehu, type TestDatabase, type TestKehu } from '@kehu/core/testing';
import { consolePlugin } from '../src/index.js';

export const ORIGIN = 'http://localhost';
export const PASSWORD = 'correct horse battery';

/** A browser-like client over `app.request()`: keeps cookies, sends the form token and Origin. */
export class Browser {
  private readonly cookies = new Map<string, string>();
  lastHtml = '';

  constructor(
    private readonly t: TestKehu,
    private readonly headers: Record<string, string> = {},
  ) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair = ''] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  setCookie(name: string, value: string): void {
    this.cookies.set(name, value);
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.t.kernel.app.request(path, {
      headers: { cookie: this.cookieHeader(), ...this.headers, ...headers },
    });
    this.keep(res);
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text();
    return res;
  }

  /** The `_csrf` value of the last page fetched. */
  csrf(): string {
    return /name="_csrf" value="([^"]+)"/.exec(this.lastHtml)?.[1] ?? '';
  }

  async post(
    path: string,
    fields: Record<string, string | string[]> | FormData,
    options: { origin?: string | null; csrf?: string | null } = {},
  ): Promise<Response> {
    const body = fields instanceof FormData ? fields : new URLSearchParams();
    if (!(fields instanceof FormData))
      for (const [k, v] of Object.entries(fields))
        for (const x of Array.isArray(v) ? v : [v]) (body as URLSearchParams).append(k, x);
    const token = options.csrf === undefined ? this.csrf() : options.csrf;
    if (token !== null) body.set('_csrf', token);
    const headers: Record<string, string> = { cookie: this.cookieHeader(), ...this.headers };
    const origin = options.origin === undefined ? ORIGIN : options.origin;
    if (origin) headers.origin = origin;
    if (!(body instanceof FormData)) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await this.t.kernel.app.request(path, { method: 'POST', headers, body });
    this.keep(res);
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text();
    return res;
  }

  /** Signs in through the form; throws unless it lands on the dashboard. */
  async signIn(email: string, password = PASSWORD): Promise<Response> {
    await this.get('/sign-in');
    const res = await this.post('/sign-in', { email, password, next: '/dashboard' });
    if (res.status !== 303 || res.headers.get('location') !== '/dashboard')
      throw new Error(`sign-in of ${email} failed: ${res.status} ${await res.text()}`);
    return res;
  }
}

export interface ConsoleTest {
  t: TestKehu;
  /** A user with the roles, an email and the test password. */
  person(roles: string[], name?: string): Promise<{ id: string; email: string; token: string }>;
  browser(headers?: Record<string, string>): Browser;
  close(): Promise<void>;
}

let seq = 0;
export async function consoleTest(
  db: TestDatabase,
  plugins: AnyPlugin[] = [],
  options: Pick<KernelOptions, 'timeZone' | 'customers' | 'webhooks' | 'dispatcher' | 'config'> = {},
): Promise<ConsoleTest> {
  const t = await createTestKehu(db, { ...options, plugins: [consolePlugin, ...plugins] });
  return {
    t,
    async person(roles, name) {
      const email = `user${++seq}@example.cn`;
      const user = await t.kernel.users.create({ name: name ?? `${roles.join('+')} ${seq}`, email, roles });
      await t.kernel.accounts.setPassword(user.id, PASSWORD);
      const { token } = await t.kernel.users.createToken(user.id, 'test');
      return { id: user.id, email, token };
    },
    browser: (headers) => new Browser(t, headers),
    close: () => t.close(),
  };
}
