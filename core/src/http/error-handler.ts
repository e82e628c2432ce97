import { isDatabaseBusy } from '../db/database-busy.js';
import { ProblemError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { KehuContext } from './env.js';
import { problemResponse } from './problem.js';
import { assignRequestId } from './request-id.js';

/** Seconds a client should wait before repeating a request the busy database could not take. */
const BUSY_RETRY_AFTER_S = 1;

/**
 * A ProblemError becomes its problem document; a busy database a 503 the client may retry; anything
 * else is a bug: its stack goes to the log with the request id, and the client gets a 500 that says
 * nothing about it.
 */
export function errorHandler(logger: Logger): (err: unknown, c: KehuContext) => Response {
  return (err, c) => {
    // Errors thrown outside a route (a console page, a host's middleware) come here without one.
    const requestId = assignRequestId(c);
    if (err instanceof ProblemError) return problemResponse(c, err);
    if (isDatabaseBusy(err)) {
      logger.warn('database busy', { requestId, method: c.req.method, path: c.req.path });
      const res = problemResponse(
        c,
        new ProblemError({
          status: 503,
          code: 'database_busy',
          detail: `The database is busy with other writes; nothing was changed. Retry in ${BUSY_RETRY_AFTER_S} s`,
        }),
      );
      res.headers.set('Retry-After', String(BUSY_RETRY_AFTER_S));
      return res;
    }
    logger.error('unhandled error', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      stack: err instanceof Error ? err.stack : String(err),
    });
    return problemResponse(
      c,
      new ProblemError({
        status: 500,
        code: 'internal_error',
        detail: `Something went wrong; quote request id ${requestId}`,
      }),
    );
  };
}
