export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** What a client needs to know of one operation; generated into `KehuOperations`. */
export interface OperationShape {
  params: object;
  query: object;
  body: unknown;
  response: unknown;
}

/**
 * Operations keyed `'METHOD /path/{param}'`, each an {@link OperationShape}. Kept as `object` so
 * generated interfaces (which have no index signature) qualify.
 */
export type OperationMap = object;

/** The paths that have an operation for `M`. */
export type PathsFor<Ops extends OperationMap, M extends HttpMethod> = {
  [K in keyof Ops & string]: K extends `${M} ${infer P}` ? P : never;
}[keyof Ops & string];

export type OperationAt<Ops extends OperationMap, M extends HttpMethod, P extends string> = Extract<
  Ops[`${M} ${P}` & keyof Ops],
  OperationShape
>;

type ParamsPart<O extends OperationShape> = keyof O['params'] extends never
  ? { params?: undefined }
  : { params: O['params'] };
type QueryPart<O extends OperationShape> = {} extends O['query']
  ? { query?: O['query'] }
  : { query: O['query'] };
type BodyPart<O extends OperationShape> = [O['body']] extends [never]
  ? { body?: undefined }
  : { body: O['body'] };

export interface CallOptions {
  /** Extra headers, e.g. `Idempotency-Key` or `If-Match`. */
  headers?: Record<string, string>;
  /** Content type of a raw (non-JSON) body, e.g. `text/csv`. */
  contentType?: string;
  signal?: AbortSignal;
}

export type RequestOptions<O extends OperationShape> = ParamsPart<O> &
  QueryPart<O> &
  BodyPart<O> &
  CallOptions;

/** The options argument is optional exactly when the operation needs no params, query or body. */
export type RequestArgs<O extends OperationShape> = {} extends ParamsPart<O> & QueryPart<O> & BodyPart<O>
  ? [options?: RequestOptions<O>]
  : [options: RequestOptions<O>];
