import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '../clock.js';
import { type Database, openDatabase } from '../db/database.js';
import { createKernel, type Kernel, type KernelOptions } from '../kernel.js';
import { silentLogger } from '../logger.js';

export interface TestDatabase {
  name: 'sqlite' | 'postgres';
  /** Opens a fresh, empty database (a new schema on PostgreSQL). */
  open(): Promise<Database>;
  /**
   * A database that outlives a kernel, for restart tests: a file in a temp dir on SQLite, one schema
   * on PostgreSQL. Each `open()` is a new connection to the same data, as a restarted process has.
   */
  persistent(): Promise<PersistentTestDatabase>;
}

export interface PersistentTestDatabase {
  open(): Promise<Database>;
  /** Deletes the SQLite file (PostgreSQL test schemas are left to the test server). */
  remove(): Promise<void>;
}

const testSchemaName = () => `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;

/**
 * The database a suite runs against: in-memory SQLite by default, the PostgreSQL server named by
 * `KEHU_TEST_DATABASE_URL` when it is set (`.ci/run` runs the suite once each way).
 * Use with `describe.each(testDatabases())`.
 */
export function testDatabases(): TestDatabase[] {
  const pgUrl = process.env.KEHU_TEST_DATABASE_URL;
  if (!pgUrl) {
    return [
      {
        name: 'sqlite',
        open: () => openDatabase({ url: ':memory:' }),
        async persistent() {
          const dir = await mkdtemp(join(tmpdir(), 'kehu-test-'));
          return {
            open: () => openDatabase({ url: join(dir, 'kehu.db') }),
            remove: () => rm(dir, { recursive: true, force: true }),
          };
        },
      },
    ];
  }
  return [
    {
      name: 'postgres',
      open: () => openDatabase({ url: pgUrl, schema: testSchemaName(), poolSize: 5 }),
      async persistent() {
        const schema = testSchemaName();
        return { open: () => openDatabase({ url: pgUrl, schema, poolSize: 5 }), remove: async () => {} };
      },
    },
  ];
}

export interface TestKehu {
  kernel: Kernel;
  clock: ManualClock;
  adminToken: string;
  /** `app.request()` with JSON body and bearer token handled. */
  request(
    path: string,
    init?: { method?: string; body?: unknown; token?: string | null; headers?: Record<string, string> },
  ): Promise<Response>;
  /** Creates a user with the roles and returns its id and a token. */
  user(roles: string[], name?: string): Promise<{ id: string; token: string }>;
  /** Delivers every due event now. */
  drain(): Promise<number>;
  close(): Promise<void>;
}

export const TEST_ADMIN_TOKEN = 'kehu_test_admin_token';

/**
 * A kernel on a fresh test database with a manual clock, no background dispatcher or scheduler
 * (tests call `drain()` and `kernel.scheduler.runDue()`), and an admin token.
 */
export async function createTestKehu(
  db: TestDatabase,
  options: Omit<KernelOptions, 'database'> & { database?: Database } = {},
): Promise<TestKehu> {
  const clock = (options.clock as ManualClock | undefined) ?? new ManualClock('2026-03-01T08:00:00.000Z');
  const database = options.database ?? (await db.open());
  let kernel: Kernel;
  try {
    kernel = await createKernel({
      logger: silentLogger,
      adminToken: TEST_ADMIN_TOKEN,
      ...options,
      clock,
      database,
      dispatcher: { autoStart: false, ...options.dispatcher },
      scheduler: { autoStart: false },
    });
  } catch (err) {
    // A boot error must not leave the database this helper opened behind.
    if (!options.database) await database.close();
    throw err;
  }
  let seq = 0;
  const request: TestKehu['request'] = (path, init = {}) => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? TEST_ADMIN_TOKEN : init.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return Promise.resolve(
      kernel.app.request(path, {
        method: init.method ?? (body !== undefined ? 'POST' : 'GET'),
        headers,
        ...(body !== undefined ? { body } : {}),
      }),
    );
  };
  return {
    kernel,
    clock,
    adminToken: TEST_ADMIN_TOKEN,
    request,
    async user(roles, name) {
      const u = await kernel.users.create({ name: name ?? `${roles.join('+')} ${++seq}`, roles });
      const { token } = await kernel.users.createToken(u.id, 'test');
      return { id: u.id, token };
    },
    drain: () => kernel.dispatcher.drain(),
    close: () => kernel.close(),
  };
}

export { ManualClock };

/** The JSON body of a response, typed loosely for assertions. */
export const json = async <T = any>(res: Response): Promise<T> => (await res.json()) as T;
export {
  assertConforms,
  DeclaredResponses,
  operationKey,
  untypedOperations,
  withDeclaredResponses,
} from './declared-responses.js';
