import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { badRequest, conflict, DomainError, forbidden, notFound, ProblemError } from '../errors.js';
import { validationProblem, zodFieldErrors } from './problem.js';

describe('problem documents', () => {
  it('carry type, title, status, code and detail', () => {
    expect(
      new ProblemError({ status: 412, code: 'version_mismatch', detail: 'Reload and try again' }).toJSON(),
    ).toEqual({
      type: 'https://kehu.dev/problems/version_mismatch',
      title: 'Precondition Failed',
      status: 412,
      code: 'version_mismatch',
      detail: 'Reload and try again',
    });
  });

  it('put a DomainError’s figures beside the standard members, which they never override', () => {
    const err = new DomainError(
      'credit_limit_exceeded',
      'Exposure 120000 exceeds limit 100000',
      { exposure: 120_000, limit: 100_000, status: 'hold', title: 'x' },
      409,
    );
    expect(err.status).toBe(409);
    expect(err.toJSON()).toEqual({
      type: 'https://kehu.dev/problems/credit_limit_exceeded',
      title: 'Conflict',
      status: 409,
      code: 'credit_limit_exceeded',
      detail: 'Exposure 120000 exceeds limit 100000',
      exposure: 120_000,
      limit: 100_000,
    });
    expect(new DomainError('rule', 'No').status).toBe(422);
  });

  it('have helpers for the common cases', () => {
    expect(notFound('Customer', 'c1').toJSON()).toMatchObject({
      status: 404,
      code: 'not_found',
      detail: 'Customer c1 was not found',
    });
    expect(forbidden('customers.merge').toJSON()).toMatchObject({
      status: 403,
      code: 'forbidden',
      permission: 'customers.merge',
    });
    expect(conflict('busy', 'Try later', { retryAfter: 5 }).toJSON()).toMatchObject({
      status: 409,
      code: 'busy',
      retryAfter: 5,
    });
    expect(badRequest('bad', 'Bad', [{ path: 'query.x', message: 'no' }]).toJSON()).toMatchObject({
      status: 400,
      errors: [{ path: 'query.x', message: 'no' }],
    });
  });

  it('list every failing field of a zod error with its location', () => {
    const r = z
      .strictObject({ name: z.string().min(1), limits: z.object({ max: z.number().positive() }) })
      .safeParse({ name: '', limits: { max: -1 }, extra: 1 });
    expect(r.success).toBe(false);
    const errors = zodFieldErrors(r.error!, 'body');
    expect(errors.map((e) => [e.path, e.code])).toEqual([
      ['body.name', 'too_small'],
      ['body.limits.max', 'too_small'],
      ['body', 'unrecognized_keys'],
    ]);
    const problem = validationProblem(errors);
    expect(problem.toJSON()).toMatchObject({
      status: 400,
      code: 'validation_failed',
      detail: 'The request is invalid: body.name, body.limits.max, body',
    });
  });
});
