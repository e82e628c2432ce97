import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { newId } from '../ids.js';
import type { PermissionRegistry } from './permissions.js';
import type { Principal } from './principal.js';
import { generateToken, hashToken } from './tokens.js';

export interface User {
  id: string;
  name: string;
  email: string | null;
  roles: string[];
  active: boolean;
  /** Language for mail and the console: `en` or `zh-CN`; null for the installation's default. */
  language: UserLanguage | null;
  createdAt: string;
}

export const USER_LANGUAGES = ['en', 'zh-CN'] as const;
export type UserLanguage = (typeof USER_LANGUAGES)[number];

export interface TokenInfo {
  id: string;
  userId: string;
  name: string;
  createdAt: string;
  expiresAt: string | null;
  revokedAt: string | null;
}

const CACHE_MS = 2000;
const CACHE_MAX = 10_000;

const toUser = (r: Record<string, any>): User => ({
  id: r.id,
  name: r.name,
  email: r.email ?? null,
  roles: JSON.parse(r.roles),
  active: Number(r.active) === 1,
  language: r.language ?? null,
  createdAt: r.created_at,
});

/**
 * Users and API tokens. Token lookups are cached for two seconds per token, and the cache is
 * cleared in this process whenever a user or token changes, so a revoked token stops working at
 * once here and within two seconds in other processes.
 */
export class UserStore {
  /** `until` is wall time (the cache's own lifetime); `expiresAt` is the token's, on the kernel clock. */
  private readonly cache = new Map<
    string,
    { principal: Principal | null; until: number; expiresAt: string | null }
  >();

  constructor(
    private readonly db: AnyDb,
    private readonly permissions: PermissionRegistry,
    private readonly clock: Clock,
  ) {}

  async count(trx: Executor = this.db): Promise<number> {
    const r = await trx
      .selectFrom('kehu_user')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** How many active users hold the admin role. */
  async activeAdmins(trx: Executor = this.db): Promise<number> {
    const rows = await trx.selectFrom('kehu_user').select('roles').where('active', '=', 1).execute();
    return rows.filter((r) => (JSON.parse(r.roles as string) as string[]).includes('admin')).length;
  }

  async create(
    input: { name: string; email?: string | null; roles: string[]; language?: UserLanguage | null },
    trx: Executor = this.db,
  ): Promise<User> {
    const user = {
      id: newId(),
      name: input.name,
      email: input.email ?? null,
      roles: JSON.stringify(input.roles),
      active: 1,
      language: input.language ?? null,
      created_at: this.clock.now().toISOString(),
    };
    await trx.insertInto('kehu_user').values(user).execute();
    return toUser(user);
  }

  async get(id: string, trx: Executor = this.db): Promise<User | undefined> {
    const r = await trx.selectFrom('kehu_user').selectAll().where('id', '=', id).executeTakeFirst();
    return r ? toUser(r) : undefined;
  }

  async getMany(ids: readonly string[], trx: Executor = this.db): Promise<Map<string, User>> {
    if (ids.length === 0) return new Map();
    const rows = await trx
      .selectFrom('kehu_user')
      .selectAll()
      .where('id', 'in', [...new Set(ids)])
      .execute();
    return new Map(rows.map((r) => [r.id as string, toUser(r)]));
  }

  async list(): Promise<User[]> {
    const rows = await this.db
      .selectFrom('kehu_user')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toUser);
  }

  async update(
    id: string,
    patch: {
      name?: string;
      email?: string | null;
      roles?: string[];
      active?: boolean;
      language?: UserLanguage | null;
    },
    trx: Executor = this.db,
  ): Promise<User | undefined> {
    const set: Record<string, unknown> = {};
    if (patch.name !== undefined) set.name = patch.name;
    if (patch.email !== undefined) set.email = patch.email;
    if (patch.roles !== undefined) set.roles = JSON.stringify(patch.roles);
    if (patch.active !== undefined) set.active = patch.active ? 1 : 0;
    if (patch.language !== undefined) set.language = patch.language;
    if (Object.keys(set).length > 0)
      await trx.updateTable('kehu_user').set(set).where('id', '=', id).execute();
    this.cache.clear();
    return this.get(id, trx);
  }

  /** Returns the plain token; only its hash is stored. */
  async createToken(
    userId: string,
    name: string,
    options: { token?: string; expiresAt?: string | null } = {},
    trx: Executor = this.db,
  ): Promise<{ token: string; info: TokenInfo }> {
    const token = options.token ?? generateToken();
    const info: TokenInfo = {
      id: newId(),
      userId,
      name,
      createdAt: this.clock.now().toISOString(),
      expiresAt: options.expiresAt ?? null,
      revokedAt: null,
    };
    await trx
      .insertInto('kehu_token')
      .values({
        id: info.id,
        user_id: userId,
        name,
        token_hash: hashToken(token),
        created_at: info.createdAt,
        expires_at: info.expiresAt,
        revoked_at: null,
      })
      .execute();
    return { token, info };
  }

  async listTokens(userId: string): Promise<TokenInfo[]> {
    const rows = await this.db
      .selectFrom('kehu_token')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      name: r.name,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      revokedAt: r.revoked_at,
    }));
  }

  /** The revoked token's owner, or undefined when there was no active token with that id. */
  async revokeToken(id: string, trx: Executor = this.db): Promise<{ userId: string } | undefined> {
    const res = await trx
      .updateTable('kehu_token')
      .set({ revoked_at: this.clock.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .returning('user_id')
      .executeTakeFirst();
    this.cache.clear();
    return res ? { userId: res.user_id } : undefined;
  }

  async authenticate(token: string): Promise<Principal | null> {
    const now = Date.now();
    // Keyed by the token itself, so a cached request costs no SHA-256; the token is in memory anyway.
    const hit = this.cache.get(token);
    if (hit && hit.until > now && (!hit.expiresAt || hit.expiresAt > this.clock.now().toISOString()))
      return hit.principal;
    const nowIso = this.clock.now().toISOString();
    const hash = hashToken(token);
    const row = await this.db
      .selectFrom('kehu_token as t')
      .innerJoin('kehu_user as u', 'u.id', 't.user_id')
      .select(['u.id', 'u.name', 'u.roles', 'u.active', 't.revoked_at', 't.expires_at'])
      .where('t.token_hash', '=', hash)
      .executeTakeFirst();
    const valid =
      row && Number(row.active) === 1 && !row.revoked_at && (!row.expires_at || row.expires_at > nowIso);
    const principal = valid
      ? this.permissions.principal({ id: row.id, name: row.name, roles: JSON.parse(row.roles) })
      : null;
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(token, { principal, until: now + CACHE_MS, expiresAt: row?.expires_at ?? null });
    return principal;
  }
}
