import { randomBytes } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { AnyDb, Executor } from '../db/database.js';
import { newId } from '../ids.js';
import { hashPassword, PASSWORD_MAX, PASSWORD_MIN, verifyNothing, verifyPassword } from './passwords.js';
import type { PermissionRegistry } from './permissions.js';
import type { Principal } from './principal.js';
import { hashToken } from './tokens.js';

export interface LoginPolicy {
  /** Failed sign-ins of one account, within the window, that lock it. Default 5. */
  maxAccountFailures: number;
  /** Failed sign-ins from one address, within the window, that lock it. Default 20. */
  maxAddressFailures: number;
  /** Window in which failures are counted, and how long a lockout lasts. Default 15 minutes. */
  windowMs: number;
  lockoutMs: number;
}

export const DEFAULT_LOGIN_POLICY: LoginPolicy = {
  maxAccountFailures: 5,
  maxAddressFailures: 20,
  windowMs: 15 * 60_000,
  lockoutMs: 15 * 60_000,
};

export interface SessionPolicy {
  /** A session unused this long ends. Default 2 hours. */
  idleMs: number;
  /** A session ends this long after sign-in, used or not. Default 12 hours. */
  absoluteMs: number;
}

export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 2 * 3_600_000, absoluteMs: 12 * 3_600_000 };

export type SignInResult =
  | { ok: true; userId: string }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'locked'; until: string };

export interface SessionInfo {
  principal: Principal;
  /** The user's chosen language (console and mail), if any. */
  language: string | null;
  createdAt: string;
  expiresAt: string;
}

/** Session ids and invitation tokens: 32 random bytes, stored as their SHA-256 only. */
const secret = () => randomBytes(32).toString('base64url');
const TOUCH_MS = 60_000;

/**
 * People's sign-in: passwords (scrypt), one-time invitations that set them, sessions and the
 * throttling of failed sign-ins per account and per address. API clients keep their bearer tokens.
 */
export class Accounts {
  constructor(
    private readonly db: AnyDb,
    private readonly permissions: PermissionRegistry,
    private readonly clock: Clock,
    readonly loginPolicy: LoginPolicy = DEFAULT_LOGIN_POLICY,
  ) {}

  private nowIso(): string {
    return this.clock.now().toISOString();
  }

  /** Checks the length rule; returns a message when the password is not acceptable. */
  static passwordProblem(password: string): string | undefined {
    if (password.length < PASSWORD_MIN) return `At least ${PASSWORD_MIN} characters`;
    if (password.length > PASSWORD_MAX) return `At most ${PASSWORD_MAX} characters`;
    return undefined;
  }

  /** Sets (or replaces) a user's password and ends their sessions. */
  async setPassword(userId: string, password: string, trx: Executor = this.db): Promise<void> {
    const problem = Accounts.passwordProblem(password);
    if (problem) throw new Error(`Password refused: ${problem}`);
    const hash = await hashPassword(password);
    const now = this.nowIso();
    await trx
      .insertInto('kehu_account')
      .values({ user_id: userId, password_hash: hash, password_set_at: now })
      .onConflict((oc) => oc.column('user_id').doUpdateSet({ password_hash: hash, password_set_at: now }))
      .execute();
    await this.endAllSessions(userId, trx);
  }

  async hasPassword(userId: string): Promise<boolean> {
    const r = await this.db
      .selectFrom('kehu_account')
      .select('password_hash')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return !!r?.password_hash;
  }

  /**
   * Checks an email and password, counting failures per account and per address. A locked account
   * or address is refused before the password is looked at.
   */
  async signIn(email: string, password: string, address: string): Promise<SignInResult> {
    const keys = [`account:${email.trim().toLowerCase()}`, `address:${address}`];
    const locked = await this.lockedUntil(keys);
    if (locked) return { ok: false, reason: 'locked', until: locked };
    const row = await this.db
      .selectFrom('kehu_user as u')
      .leftJoin('kehu_account as a', 'a.user_id', 'u.id')
      .select(['u.id', 'u.active', 'a.password_hash'])
      .where((eb) => eb(eb.fn('lower', ['u.email']), '=', email.trim().toLowerCase()))
      .executeTakeFirst();
    const ok =
      row?.password_hash && Number(row.active) === 1
        ? await verifyPassword(password, row.password_hash)
        : await verifyNothing(password);
    if (ok && row) {
      await this.db.deleteFrom('kehu_login_throttle').where('key', '=', keys[0]!).execute();
      return { ok: true, userId: row.id };
    }
    const until = await this.recordFailure(keys);
    return until ? { ok: false, reason: 'locked', until } : { ok: false, reason: 'invalid' };
  }

  private async lockedUntil(keys: string[]): Promise<string | undefined> {
    const now = this.nowIso();
    const rows = await this.db
      .selectFrom('kehu_login_throttle')
      .select('locked_until')
      .where('key', 'in', keys)
      .where('locked_until', '>', now)
      .execute();
    return rows
      .map((r) => r.locked_until as string)
      .sort()
      .at(-1);
  }

  /** Counts one failure against each key; the lockout's end when one of them reaches its limit. */
  private async recordFailure(keys: string[]): Promise<string | undefined> {
    const { windowMs, lockoutMs, maxAccountFailures, maxAddressFailures } = this.loginPolicy;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const windowStart = new Date(now.getTime() - windowMs).toISOString();
    let lockedUntil: string | undefined;
    await this.db.transaction().execute(async (trx) => {
      for (const key of keys) {
        const max = key.startsWith('account:') ? maxAccountFailures : maxAddressFailures;
        const row = await trx
          .selectFrom('kehu_login_throttle')
          .selectAll()
          .where('key', '=', key)
          .executeTakeFirst();
        const fresh = !row || row.window_start < windowStart;
        const failures = fresh ? 1 : Number(row.failures) + 1;
        const until = failures >= max ? new Date(now.getTime() + lockoutMs).toISOString() : null;
        if (until) lockedUntil = until;
        const values = {
          failures: until ? 0 : failures,
          window_start: fresh || until ? nowIso : row.window_start,
          locked_until: until,
        };
        if (row) await trx.updateTable('kehu_login_throttle').set(values).where('key', '=', key).execute();
        else
          await trx
            .insertInto('kehu_login_throttle')
            .values({ key, ...values })
            .execute();
      }
    });
    return lockedUntil;
  }

  /** A new session for the user; the returned id goes in the cookie and is stored only hashed. */
  async startSession(
    userId: string,
    policy: SessionPolicy = DEFAULT_SESSION_POLICY,
  ): Promise<{ id: string; expiresAt: string }> {
    const id = secret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + policy.absoluteMs).toISOString();
    await this.db
      .insertInto('kehu_session')
      .values({
        id_hash: hashToken(id),
        user_id: userId,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
      })
      .execute();
    return { id, expiresAt };
  }

  /**
   * The signed-in user of a session id, or null when the session is unknown, ended, expired (idle or
   * absolute) or its user deactivated. Roles are read each time, so a change applies at once.
   */
  async session(id: string, policy: SessionPolicy = DEFAULT_SESSION_POLICY): Promise<SessionInfo | null> {
    if (!id || id.length > 100) return null;
    const hash = hashToken(id);
    const row = await this.db
      .selectFrom('kehu_session as s')
      .innerJoin('kehu_user as u', 'u.id', 's.user_id')
      .select([
        'u.id',
        'u.name',
        'u.roles',
        'u.active',
        'u.language',
        's.created_at',
        's.last_seen_at',
        's.expires_at',
        's.revoked_at',
      ])
      .where('s.id_hash', '=', hash)
      .executeTakeFirst();
    if (!row || row.revoked_at || Number(row.active) !== 1) return null;
    const now = this.clock.now();
    if (row.expires_at <= now.toISOString()) return null;
    const lastSeen = new Date(row.last_seen_at).getTime();
    if (now.getTime() - lastSeen >= policy.idleMs) return null;
    if (now.getTime() - lastSeen >= TOUCH_MS)
      await this.db
        .updateTable('kehu_session')
        .set({ last_seen_at: now.toISOString() })
        .where('id_hash', '=', hash)
        .execute();
    return {
      principal: this.permissions.principal({ id: row.id, name: row.name, roles: JSON.parse(row.roles) }),
      language: row.language ?? null,
      createdAt: row.created_at,
      expiresAt: row.expires_at,
    };
  }

  async endSession(id: string): Promise<void> {
    await this.db
      .updateTable('kehu_session')
      .set({ revoked_at: this.nowIso() })
      .where('id_hash', '=', hashToken(id))
      .where('revoked_at', 'is', null)
      .execute();
  }

  /** "Sign out everywhere": ends every session of the user; returns how many were open. */
  async endAllSessions(userId: string, trx: Executor = this.db): Promise<number> {
    const r = await trx
      .updateTable('kehu_session')
      .set({ revoked_at: this.nowIso() })
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  async openSessions(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('kehu_session')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId)
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', this.nowIso())
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** A one-time link token that lets the user set their password; shown once, stored hashed. */
  async invite(
    userId: string,
    options: { createdBy: string | null; validMs?: number },
    trx: Executor = this.db,
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    const token = secret();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + (options.validMs ?? 7 * 86_400_000)).toISOString();
    const id = newId();
    await trx
      .insertInto('kehu_invitation')
      .values({
        id,
        token_hash: hashToken(token),
        user_id: userId,
        created_by: options.createdBy,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
    return { id, token, expiresAt };
  }

  /** The user an unused, unexpired invitation is for. */
  async invitation(token: string): Promise<{ id: string; userId: string; expiresAt: string } | undefined> {
    if (!token || token.length > 100) return undefined;
    const r = await this.db
      .selectFrom('kehu_invitation as i')
      .innerJoin('kehu_user as u', 'u.id', 'i.user_id')
      .select(['i.id', 'i.user_id', 'i.expires_at'])
      .where('i.token_hash', '=', hashToken(token))
      .where('i.used_at', 'is', null)
      .where('i.expires_at', '>', this.nowIso())
      .where('u.active', '=', 1)
      .executeTakeFirst();
    return r ? { id: r.id, userId: r.user_id, expiresAt: r.expires_at } : undefined;
  }

  /** Sets the password through an invitation, once; undefined when the link is not (or no longer) valid. */
  async acceptInvitation(token: string, password: string): Promise<{ userId: string } | undefined> {
    const inv = await this.invitation(token);
    if (!inv) return undefined;
    return this.db.transaction().execute(async (trx) => {
      const used = await trx
        .updateTable('kehu_invitation')
        .set({ used_at: this.nowIso() })
        .where('id', '=', inv.id)
        .where('used_at', 'is', null)
        .executeTakeFirst();
      if (Number(used.numUpdatedRows) === 0) return undefined;
      await this.setPassword(inv.userId, password, trx);
      return { userId: inv.userId };
    });
  }

  async listInvitations(): Promise<
    {
      id: string;
      userId: string;
      createdBy: string | null;
      createdAt: string;
      expiresAt: string;
      usedAt: string | null;
    }[]
  > {
    const rows = await this.db
      .selectFrom('kehu_invitation')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      createdBy: r.created_by,
      createdAt: r.created_at,
      expiresAt: r.expires_at,
      usedAt: r.used_at,
    }));
  }
}
