import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createKehu, ensureUser, type Kehu, type KehuConfig, mountKehu } from '@kehu/sdk';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';

/** Someone the host already knows: its own staff directory, with its own sign-in. */
export interface Staff {
  email: string;
  name: string;
  password: string;
  /** The Kehu roles this person gets in the CRM. */
  crmRoles: string[];
}

interface Session {
  staff: Staff;
  /** The Kehu user standing for this person (created on first sign-in). */
  kehuUserId: string;
}

export interface HostEnv {
  Variables: { session: Session | null };
}

export interface HostApp {
  app: Hono<HostEnv>;
  kehu: Kehu;
  close(): Promise<void>;
}

const same = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * An existing internal portal (orders, sign-in) that embeds Kehu under `/crm`: one sign-in for both,
 * Kehu's own tokens are not used, and the CRM sees the host's staff with the roles the host gives them.
 */
export async function createHostApp(staff: readonly Staff[], kehuConfig: KehuConfig = {}): Promise<HostApp> {
  const sessions = new Map<string, Session>();
  const kehu = await createKehu<HostEnv['Variables']>({
    ...kehuConfig,
    auth: {
      ...kehuConfig.auth,
      // Runs inside the host's request, after its session middleware below.
      principal(c) {
        const session = c.get('session');
        return session
          ? { id: session.kehuUserId, name: session.staff.name, roles: session.staff.crmRoles }
          : null;
      },
    },
  });

  const app = new Hono<HostEnv>();
  app.use('*', async (c, next) => {
    const id = getCookie(c, 'portal_session');
    c.set('session', (id && sessions.get(id)) || null);
    await next();
  });

  app.get('/', (c) => c.text('Qinghe portal: /orders, /crm/api/v1/…'));
  app.post('/login', async (c) => {
    const body = (await c.req.json().catch(() => ({}))) as { email?: unknown; password?: unknown };
    const person = staff.find((s) => s.email === body.email);
    if (!person || typeof body.password !== 'string' || !same(person.password, body.password))
      return c.json({ error: 'wrong email or password' }, 401);
    const user = await ensureUser(kehu.kernel, {
      email: person.email,
      name: person.name,
      roles: person.crmRoles,
    });
    const id = randomBytes(24).toString('base64url');
    sessions.set(id, { staff: person, kehuUserId: user.id });
    setCookie(c, 'portal_session', id, { httpOnly: true, sameSite: 'Lax', path: '/' });
    return c.json({ name: person.name });
  });
  app.get('/orders', (c) =>
    c.get('session') ? c.json({ items: [] }) : c.json({ error: 'sign in first' }, 401),
  );

  mountKehu(app, '/crm', kehu);
  return { app, kehu, close: () => kehu.close() };
}
