import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock } from '../clock.js';
import type { AnyDb } from '../db/database.js';
import { ProblemError } from '../errors.js';
import type { KehuEnv } from './env.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * `Idempotency-Key` on POST: the first successful (non-5xx) response is stored per caller and key and
 * replayed for a retry of the same request; the same key with a different request is a 422, and a
 * retry while the first is still running is a 409.
 */
export function idempotency(
  db: AnyDb,
  clock: Clock,
  callerOf?: (c: Context<KehuEnv>) => Promise<string | null>,
): MiddlewareHandler<KehuEnv> {
  return async (c, next) => {
    const key = c.req.header('idempotency-key');
    if (c.req.method !== 'POST' || !key) return next();
    if (key.length > 200)
      throw new ProblemError({
        status: 400,
        code: 'invalid_idempotency_key',
        detail: 'Idempotency-Key is longer than 200 characters',
      });
    const type = c.req.header('content-type');
    if (type && !/json/i.test(type)) return next();
    // With host-provided auth there is no bearer token to tell callers apart: scope by who the host says it is.
    const caller = callerOf ? await callerOf(c) : null;
    const scope = sha(caller ? `principal:${caller}` : (c.req.header('authorization') ?? 'anonymous')).slice(
      0,
      64,
    );
    const requestHash = sha(
      `${c.req.method} ${c.req.path}?${new URL(c.req.url).search} ${await c.req.text()}`,
    );
    // Reserve the key before running the request, so a concurrent retry cannot run it a second time.
    const reserved = await db
      .insertInto('kehu_idempotency')
      .values({
        scope,
        key,
        request_hash: requestHash,
        status: 0,
        body: '',
        content_type: '',
        created_at: clock.now().toISOString(),
      })
      .onConflict((oc) => oc.columns(['scope', 'key']).doNothing())
      .executeTakeFirst();
    if (Number(reserved.numInsertedOrUpdatedRows ?? 0) === 0) {
      const stored = await db
        .selectFrom('kehu_idempotency')
        .selectAll()
        .where('scope', '=', scope)
        .where('key', '=', key)
        .executeTakeFirst();
      if (stored) {
        if (stored.request_hash !== requestHash) {
          throw new ProblemError({
            status: 422,
            code: 'idempotency_key_reused',
            detail: 'This Idempotency-Key was used for a different request',
          });
        }
        if (Number(stored.status) === 0) {
          throw new ProblemError({
            status: 409,
            code: 'idempotency_in_progress',
            detail: 'A request with this Idempotency-Key is still being processed; retry shortly',
          });
        }
        return c.body(stored.body, Number(stored.status) as 200, {
          'Content-Type': stored.content_type,
          'Idempotent-Replayed': 'true',
        });
      }
    }
    const release = () =>
      db
        .deleteFrom('kehu_idempotency')
        .where('scope', '=', scope)
        .where('key', '=', key)
        .where('status', '=', 0)
        .execute();
    try {
      await next();
    } catch (err) {
      await release();
      throw err;
    }
    const res = c.res;
    if (res.status >= 500) {
      await release();
      return;
    }
    // A response that hands out a secret once (marked `Cache-Control: no-store`) is never stored: a
    // retry learns that the first request succeeded, not the secret.
    const stored = /no-store/i.test(res.headers.get('cache-control') ?? '')
      ? {
          status: 409,
          body: JSON.stringify(
            new ProblemError({
              status: 409,
              code: 'idempotency_secret_not_replayed',
              detail: `The first request with this Idempotency-Key succeeded (${res.status}); its answer held a secret that is shown only once`,
            }).toJSON(),
          ),
          content_type: 'application/problem+json',
        }
      : {
          status: res.status,
          body: await res.clone().text(),
          content_type: res.headers.get('content-type') ?? 'application/json',
        };
    await db
      .updateTable('kehu_idempotency')
      .set(stored)
      .where('scope', '=', scope)
      .where('key', '=', key)
      .execute();
  };
}
