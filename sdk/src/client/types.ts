import type { components, paths } from './api.generated.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** The named schemas of the API (`Customer`, `CreditSummary`, `Problem`…), as the client sees them. */
export type Schemas = components['schemas'];

/** A path map as openapi-typescript writes it (`paths` of a generated file). */
export type PathMap = object;

type Method<M extends HttpMethod> = Lowercase<M>;

/** The paths that have an operation for `M`; a method the path lacks is `?: never` in generated maps. */
export type PathsFor<Paths extends PathMap, M extends HttpMethod> = {
  [P in keyof Paths & string]: Paths[P] extends { [K in Method<M>]: object } ? P : never;
}[keyof Paths & string];

/** The generated operation object of `M P`. */
export type OperationAt<
  Paths extends PathMap,
  M extends HttpMethod,
  P extends PathsFor<Paths, M>,
> = Paths[P] extends { [K in Method<M>]: infer O } ? O : never;

type ParamsPart<O> = O extends { parameters: { path: infer X } } ? { params: X } : { params?: undefined };
type QueryPart<O> = O extends { parameters: { query: infer Q } }
  ? { query: Q }
  : O extends { parameters: { query?: infer Q } }
    ? [NonNullable<Q>] extends [never]
      ? { query?: undefined }
      : { query?: NonNullable<Q> }
    : { query?: undefined };
type Json<C> = C extends { 'application/json': infer B } ? B : RawBody;
type BodyPart<O> = O extends { requestBody: { content: infer C } }
  ? { body: Json<C> }
  : O extends { requestBody?: { content: infer C } }
    ? [C] extends [never]
      ? { body?: undefined }
      : { body?: Json<C> }
    : { body?: undefined };

/** A request body sent as is, for routes that read a raw body (uploads, CSV). */
export type RawBody = string | Blob | ArrayBuffer | Uint8Array;

type OkStatus = 200 | 201 | 202 | 203 | 204 | 206 | 207;
type Content<R> = R extends { content: infer C }
  ? [C] extends [never]
    ? undefined
    : C extends { 'application/json': infer J }
      ? J
      : C[keyof C]
  : undefined;

/** What a successful call resolves to: the JSON of its 2xx response, a string for text, undefined for 204. */
export type ResponseOf<O> = O extends { responses: infer R }
  ? { [S in keyof R & OkStatus]: Content<R[S]> }[keyof R & OkStatus]
  : unknown;

/** The problem document a failing call of `O` carries (what `KehuProblemError#toJSON()` returns). */
export type ProblemOf<O> = O extends { responses: infer R }
  ? { [S in Exclude<keyof R, OkStatus>]: Content<R[S]> }[Exclude<keyof R, OkStatus>]
  : Schemas['Problem'];

export interface CallOptions {
  /** Extra headers, e.g. `Idempotency-Key` or `If-Match`. */
  headers?: Record<string, string>;
  /** Content type of a raw (non-JSON) body, e.g. `text/csv`. */
  contentType?: string;
  signal?: AbortSignal;
}

export type RequestOptions<O> = ParamsPart<O> & QueryPart<O> & BodyPart<O> & CallOptions;

/** The options argument is optional exactly when the operation needs no params, query or body. */
export type RequestArgs<O> = {} extends ParamsPart<O> & QueryPart<O> & BodyPart<O>
  ? [options?: RequestOptions<O>]
  : [options: RequestOptions<O>];

/** The built-in API's paths, for `createClient<KehuPaths & MyPaths>()`. */
export type KehuPaths = paths;
