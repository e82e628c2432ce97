/**
 * `@kehu/sdk/client`: a typed HTTP client for Kehu. No Node-only imports, so it runs in browsers,
 * workers and Node alike.
 */
export { createClient } from './client.js';
export type { ClientOptions, KehuClient } from './client.js';
export { KehuProblemError, isProblem } from './problem-error.js';
export type { ProblemDocument, ProblemFieldError } from './problem-error.js';
export type { HttpMethod, OperationMap, OperationShape, PathsFor, OperationAt, RequestOptions, CallOptions } from './types.js';
export type * from './api.generated.js';
