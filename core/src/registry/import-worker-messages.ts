import type { MessagePort } from 'node:worker_threads';
import { type FieldError, ProblemError } from '../errors.js';
import type { ImportContext, ParsedBatch } from './customer-import-rows.js';

/** One import handed to the worker, with the port its messages go over. */
export interface ImportJob {
  port: MessagePort;
  format: 'csv' | 'xlsx';
  sheet: string | undefined;
  context: ImportContext;
}

/** Reader → worker: the upload's bytes, its end, and each batch written. */
export type ToWorker = { type: 'chunk'; bytes: Uint8Array } | { type: 'end' } | { type: 'ack' };

/** Worker → reader. */
export type ToReader =
  | { type: 'taken'; bytes: number }
  | { type: 'batch'; batch: ParsedBatch }
  | { type: 'done' }
  | { type: 'error'; error: WorkerError };

/** An error crossing the thread boundary: a problem document keeps its status and code. */
export type WorkerError =
  | {
      problem: {
        status: number;
        code: string;
        title: string;
        detail: string;
        errors: FieldError[] | undefined;
        data: Record<string, unknown> | undefined;
      };
    }
  | { message: string; stack: string | undefined };

export function workerError(err: unknown): WorkerError {
  if (err instanceof ProblemError)
    return {
      problem: {
        status: err.status,
        code: err.code,
        title: err.title,
        detail: err.message,
        errors: err.errors,
        data: err.data,
      },
    };
  const e = err instanceof Error ? err : new Error(String(err));
  return { message: e.message, stack: e.stack };
}

/** The error again on the reader's side. */
export function fromWorkerError(error: WorkerError): Error {
  if ('problem' in error) {
    const { errors, data, ...rest } = error.problem;
    return new ProblemError({ ...rest, ...(errors ? { errors } : {}), ...(data ? { data } : {}) });
  }
  const err = new Error(`import worker: ${error.message}`);
  if (error.stack) err.stack = error.stack;
  return err;
}
