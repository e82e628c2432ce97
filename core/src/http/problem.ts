import type { Context } from 'hono';
import type { z } from 'zod';
import { type FieldError, ProblemError } from '../errors.js';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

export function problemResponse(c: Context, err: ProblemError): Response {
  return c.body(JSON.stringify({ ...err.toJSON(), instance: c.req.path }), err.status as 400, {
    'Content-Type': PROBLEM_CONTENT_TYPE,
  });
}

export function zodFieldErrors(error: z.ZodError, location?: string): FieldError[] {
  return error.issues.map((issue) => ({
    path: [...(location ? [location] : []), ...issue.path.map(String)].join('.') || (location ?? ''),
    message: issue.message,
    code: issue.code,
  }));
}

export function validationProblem(errors: FieldError[]): ProblemError {
  const fields = [...new Set(errors.map((e) => e.path))].join(', ');
  return new ProblemError({
    status: 400,
    code: 'validation_failed',
    detail: `The request is invalid: ${fields}`,
    errors,
  });
}
