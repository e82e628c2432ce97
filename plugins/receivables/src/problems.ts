import { ProblemError } from '@kehu/core';

/** A refusal naming the field at fault, so a client can point at it: `body.termDays`, `body.allocations.1.amount`. */
export const fieldProblem = (
  status: 400 | 404 | 409 | 422,
  code: string,
  detail: string,
  path: string,
  data?: Record<string, unknown>,
): ProblemError =>
  new ProblemError({ status, code, detail, errors: [{ path, message: detail }], ...(data ? { data } : {}) });

export const stateConflict = (code: string, detail: string, data?: Record<string, unknown>): ProblemError =>
  new ProblemError({ status: 409, code, detail, ...(data ? { data } : {}) });
