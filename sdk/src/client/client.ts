import createOpenApiClient, { type Client, type Middleware } from 'openapi-fetch';
import type { paths } from './api.generated.js';
import { KehuProblemError, toProblem } from './problem-error.js';
import type {
  CallOptions,
  HttpMethod,
  OperationAt,
  PathMap,
  PathsFor,
  RequestArgs,
  ResponseOf,
} from './types.js';

export interface ClientOptions {
  /** Where Kehu is served, including any mount prefix: `http://localhost:3000` or `https://erp.example/crm`. */
  baseUrl: string;
  /** A bearer token, or a function returning the current one. Hosts with their own auth pass `headers` instead. */
  token?: string | (() => string | Promise<string>);
  /** Headers sent with every call (a host's session cookie, a tenant header…). */
  headers?: Record<string, string>;
  /** A fetch implementation; default the global one. It is called with a `Request`. */
  fetch?: (request: Request) => Promise<Response>;
}

interface RawOptions extends CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

type Call<Paths extends PathMap, M extends HttpMethod> = <P extends PathsFor<Paths, M>>(
  path: P,
  ...args: RequestArgs<OperationAt<Paths, M, P>>
) => Promise<ResponseOf<OperationAt<Paths, M, P>>>;

/** A typed Kehu API client: each method takes a path of the API and checks its params, query, body and result. */
export interface KehuClient<Paths extends PathMap = paths> {
  get: Call<Paths, 'GET'>;
  post: Call<Paths, 'POST'>;
  put: Call<Paths, 'PUT'>;
  patch: Call<Paths, 'PATCH'>;
  delete: Call<Paths, 'DELETE'>;
  /**
   * The openapi-fetch client underneath (`api.GET('/api/v1/customers/{id}', { params: { path: { id } } })`),
   * with the same token, headers and problem handling: a problem rejects with {@link KehuProblemError}.
   */
  api: Client<Paths & {}>;
  /** The untyped escape hatch: the raw Response, problems included, for headers (ETag) or streams. */
  fetchRaw(method: HttpMethod, path: string, options?: RawOptions): Promise<Response>;
}

function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined || value === '')
      throw new TypeError(`Missing path parameter "${name}" for ${path}`);
    return encodeURIComponent(String(value));
  });
}

function queryString(query: Record<string, unknown> = {}): string {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null) continue;
    for (const item of Array.isArray(v) ? v : [v])
      search.append(k, item instanceof Date ? item.toISOString() : String(item));
  }
  return search.toString();
}

const isRawBody = (body: unknown) =>
  typeof body === 'string' ||
  body instanceof ArrayBuffer ||
  body instanceof Uint8Array ||
  (typeof Blob !== 'undefined' && body instanceof Blob);

const isJson = (response: Response) => /json/i.test(response.headers.get('content-type') ?? '');

/** Turns every answer that is not a success into a rejected {@link KehuProblemError}. */
const problemMiddleware: Middleware = {
  async onResponse({ request, response }) {
    if (response.ok) return undefined;
    const text = await response.clone().text();
    let body: unknown;
    if (text !== '' && isJson(response)) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    throw new KehuProblemError(toProblem(response.status, response.statusText, body), {
      method: request.method,
      url: response.url || request.url,
      requestId: response.headers.get('x-request-id'),
    });
  },
};

/**
 * Creates a client. Successful calls resolve to the parsed JSON (undefined for 204, a string for
 * text such as CSV); a problem response rejects with a {@link KehuProblemError}. `Paths` defaults to
 * the kernel and built-in plugin routes; for a custom plugin's, generate your kernel's `paths` with
 * openapi-typescript and pass them: `createClient<paths>(…)`.
 */
export function createClient<Paths extends PathMap = paths>(options: ClientOptions): KehuClient<Paths> {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? ((request: Request) => globalThis.fetch(request));

  const headersFor = async (extra?: Record<string, string>): Promise<Record<string, string>> => {
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    return {
      accept: 'application/json, application/problem+json',
      ...options.headers,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...extra,
    };
  };

  const api = createOpenApiClient<Paths & {}>({
    baseUrl,
    fetch: doFetch,
    querySerializer: (query) => queryString(query as Record<string, unknown>),
    pathSerializer: (path, params) => fillPath(path, params),
    bodySerializer: (body) => (isRawBody(body) ? body : JSON.stringify(body)),
  });
  api.use(
    {
      async onRequest({ request }) {
        for (const [name, value] of Object.entries(await headersFor()))
          if (!request.headers.has(name) || name === 'authorization') request.headers.set(name, value);
        return request;
      },
    },
    problemMiddleware,
  );

  const call =
    (method: HttpMethod) =>
    async (path: string, o: RawOptions = {}): Promise<unknown> => {
      const raw = o.body !== undefined && isRawBody(o.body);
      const headers: Record<string, string> = {
        ...(o.body === undefined
          ? {}
          : { 'content-type': o.contentType ?? (raw ? 'application/octet-stream' : 'application/json') }),
        ...o.headers,
      };
      // openapi-fetch types each path; this wrapper's own signature does, so the call is untyped here.
      const request = api.request as unknown as (
        method: string,
        path: string,
        init: Record<string, unknown>,
      ) => Promise<{ data?: unknown; response: Response }>;
      const { data, response } = await request(method.toLowerCase(), path, {
        params: { path: o.params ?? {}, query: o.query ?? {} },
        ...(o.body !== undefined ? { body: o.body } : {}),
        headers,
        parseAs: 'text',
        ...(o.signal ? { signal: o.signal } : {}),
      });
      if (data === undefined || data === '') return undefined;
      return isJson(response) ? JSON.parse(data as string) : data;
    };

  const fetchRaw = async (method: HttpMethod, path: string, o: RawOptions = {}): Promise<Response> => {
    const raw = o.body !== undefined && isRawBody(o.body);
    const headers = await headersFor({
      ...(o.body === undefined
        ? {}
        : { 'content-type': o.contentType ?? (raw ? 'application/octet-stream' : 'application/json') }),
      ...o.headers,
    });
    const query = queryString(o.query);
    const body = o.body === undefined ? undefined : raw ? o.body : JSON.stringify(o.body);
    return doFetch(
      new Request(`${baseUrl}${fillPath(path, o.params)}${query ? `?${query}` : ''}`, {
        method,
        headers,
        ...(body !== undefined ? { body: body as NonNullable<RequestInit['body']> } : {}),
        ...(o.signal ? { signal: o.signal } : {}),
      }),
    );
  };

  return {
    get: call('GET') as Call<Paths, 'GET'>,
    post: call('POST') as Call<Paths, 'POST'>,
    put: call('PUT') as Call<Paths, 'PUT'>,
    patch: call('PATCH') as Call<Paths, 'PATCH'>,
    delete: call('DELETE') as Call<Paths, 'DELETE'>,
    api,
    fetchRaw,
  };
}
