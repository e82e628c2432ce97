import { createHash } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/database.js';
import { ProblemError } from '../errors.js';
import type { KehuContext } from './env.js';
import { requestHeader } from './node-request.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Stored instead of a reply that carried a secret: the request happened; the secret is not kept. */
const WITHHELD = 'application/vnd.kehu.withheld';

export interface IdempotencyOptions {
  /**
   * How long a reservation (a request still running) holds its key, in milliseconds. A request whose
   * process died leaves its reservation behind; after this long a retry runs it. Default 2 minutes.
   */
  reservationTtlMs?: number;
}

/**
 * `Idempotency-Key` on POST, run by the router after the caller is authenticated: the first
 * non-5xx response is stored per caller and key and replayed for a retry of the same request by the
 * same caller; the same key with a different request is a 422, and a retry while the first is still
 * running is a 409 until its reservation expires. A route whose reply carries a secret (a token, a
 * confirmation link) declares `secretResponse`: only the fact that it ran is stored, and a replay is a
 * 409 `idempotency_secret_withheld` — the secret is never stored nor shown twice.
 */
export class IdempotencyStore {
  private readonly ttlMs: number;

  constructor(
    private readonly db: AnyDb,
    private readonly clock: Clock,
    options: IdempotencyOptions = {},
  ) {
    this.ttlMs = options.reservationTtlMs ?? 120_000;
  }

  async run(
    c: KehuContext,
    principal: Principal | null,
    secretResponse: boolean,
    next: () => Promise<Response>,
  ): Promise<Response> {
    if (c.req.method !== 'POST') return next();
    const key = requestHeader(c, 'idempotency-key');
    if (!key) return next();
    if (key.length > 200)
      throw new ProblemError({
        status: 400,
        code: 'invalid_idempotency_key',
        detail: 'Idempotency-Key is longer than 200 characters',
      });
    const type = requestHeader(c, 'content-type');
    if (type && !/json/i.test(type)) return next();
    // Authenticated by now: a key belongs to the principal that used it, and never replays for another.
    const scope = sha(principal ? `principal:${principal.id}` : 'public').slice(0, 64);
    const requestHash = sha(
      `${c.req.method} ${c.req.path}?${new URL(c.req.url).search} ${await c.req.text()}`,
    );
    const replay = await this.reserve(scope, key, requestHash);
    if (replay) return replay;
    const release = () =>
      this.db
        .deleteFrom('kehu_idempotency')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status', '=', 0)
        .execute();
    let res: Response;
    try {
      res = await next();
    } catch (err) {
      await release();
      throw err;
    }
    if (res.status >= 500) {
      await release();
      return res;
    }
    const withheld = secretResponse && res.status < 300;
    await this.db
      .updateTable('kehu_idempotency')
      .set({
        status: res.status,
        body: withheld ? '' : await res.clone().text(),
        content_type: withheld ? WITHHELD : (res.headers.get('content-type') ?? 'application/json'),
      })
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
    return res;
  }

  /**
   * Reserves the key before the request runs, so a concurrent retry cannot run it a second time;
   * the stored reply when the request already ran.
   */
  private async reserve(scope: string, key: string, requestHash: string): Promise<Response | undefined> {
    const now = this.clock.now();
    const reserved = await this.db
      .insertInto('kehu_idempotency')
      .values({
        scope,
        key,
        request_hash: requestHash,
        status: 0,
        body: '',
        content_type: '',
        created_at: now.toISOString(),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(reserved.numInsertedOrUpdatedRows ?? 0) > 0) return undefined;
    const stored = await this.db
      .selectFrom('kehu_idempotency')
      .selectAll()
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    // Released meanwhile (the first attempt failed): this retry may run.
    if (!stored) return this.reserve(scope, key, requestHash);
    if (stored.request_hash !== requestHash) {
      throw new ProblemError({
        status: 422,
        code: 'idempotency_key_reused',
        detail: 'This Idempotency-Key was used for a different request',
      });
    }
    if (Number(stored.status) === 0) {
      const stale = new Date(now.getTime() - this.ttlMs).toISOString();
      // A reservation older than the TTL belongs to a request whose process died: take it over, once.
      if (stored.created_at <= stale) {
        const taken = await this.db
          .updateTable('kehu_idempotency')
          .set({ created_at: now.toISOString() })
          .where('scope', '=', scope)
          .where('key', '=', key)
          .where('status', '=', 0)
          .where('created_at', '=', stored.created_at)
          .executeTakeFirst();
        if (Number(taken.numUpdatedRows) === 1) return undefined;
      }
      throw new ProblemError({
        status: 409,
        code: 'idempotency_in_progress',
        detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
      });
    }
    if (stored.content_type === WITHHELD) {
      throw new ProblemError({
        status: 409,
        code: 'idempotency_secret_withheld',
        detail:
          'This request was already carried out; its answer held a secret that is shown only once and was not kept',
      });
    }
    return new Response(stored.body, {
      status: Number(stored.status),
      headers: { 'Content-Type': stored.content_type, 'Idempotent-Replayed': 'true' },
    });
  }
}
