/**
 * `@kehu/sdk/client`: a typed HTTP client for Kehu. No Node-only imports, so it runs in browsers,
 * workers and Node alike.
 */

export type * from './api.generated.js';
export type { ClientOptions, KehuClient } from './client.js';
export { createClient } from './client.js';
export type { ProblemDocument, ProblemFieldError } from './problem-error.js';
export { isProblem, KehuProblemError } from './problem-error.js';
export type {
  CallOptions,
  HttpMethod,
  KehuPaths,
  OperationAt,
  PathMap,
  PathsFor,
  ProblemOf,
  RawBody,
  RequestOptions,
  ResponseOf,
  Schemas,
} from './types.js';
