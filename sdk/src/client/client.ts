import type { KehuOperations } from './api.generated.js';
import { KehuProblemError, toProblem } from './problem-error.js';
import type { CallOptions, HttpMethod, OperationAt, OperationMap, PathsFor, RequestArgs } from './types.js';

export interface ClientOptions {
  /** Where Kehu is served, including any mount prefix: `http://localhost:3000` or `https://erp.example/crm`. */
  baseUrl: string;
  /** A bearer token, or a function returning the current one. Hosts with their own auth pass `headers` instead. */
  token?: string | (() => string | Promise<string>);
  /** Headers sent with every call (a host's session cookie, a tenant header…). */
  headers?: Record<string, string>;
  /** A fetch implementation; default the global one. */
  fetch?: typeof fetch;
}

interface RawOptions extends CallOptions {
  params?: Record<string, string | number>;
  query?: Record<string, unknown>;
  body?: unknown;
}

type Call<Ops extends OperationMap, M extends HttpMethod> = <P extends PathsFor<Ops, M>>(
  path: P,
  ...args: RequestArgs<OperationAt<Ops, M, P>>
) => Promise<OperationAt<Ops, M, P>['response']>;

/** A typed Kehu API client: each method takes a path of the API and checks its params, query, body and result. */
export interface KehuClient<Ops extends OperationMap = KehuOperations> {
  get: Call<Ops, 'GET'>;
  post: Call<Ops, 'POST'>;
  put: Call<Ops, 'PUT'>;
  patch: Call<Ops, 'PATCH'>;
  delete: Call<Ops, 'DELETE'>;
  /** The untyped escape hatch: the raw Response, problems included, for headers (ETag) or streams. */
  fetchRaw(method: HttpMethod, path: string, options?: RawOptions): Promise<Response>;
}

function fillPath(path: string, params: Record<string, string | number> = {}): string {
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
  const s = search.toString();
  return s ? `?${s}` : '';
}

const isRawBody = (body: unknown) =>
  typeof body === 'string' ||
  body instanceof ArrayBuffer ||
  body instanceof Uint8Array ||
  (typeof Blob !== 'undefined' && body instanceof Blob);

/**
 * Creates a client. Successful calls resolve to the parsed JSON (undefined for 204); a problem
 * response rejects with a {@link KehuProblemError}. `Ops` defaults to the kernel and built-in plugin
 * routes; pass your own generated map (`KehuOperations & MyPluginOperations`) to add a custom plugin's.
 */
export function createClient<Ops extends OperationMap = KehuOperations>(
  options: ClientOptions,
): KehuClient<Ops> {
  const base = options.baseUrl.replace(/\/+$/, '');
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);

  const fetchRaw = async (method: HttpMethod, path: string, o: RawOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = {
      accept: 'application/json, application/problem+json',
      ...options.headers,
    };
    const token = typeof options.token === 'function' ? await options.token() : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: RequestInit['body'];
    if (o.body !== undefined) {
      if (isRawBody(o.body)) {
        body = o.body as RequestInit['body'];
        headers['content-type'] = o.contentType ?? 'application/octet-stream';
      } else {
        body = JSON.stringify(o.body);
        headers['content-type'] = o.contentType ?? 'application/json';
      }
    }
    Object.assign(headers, o.headers);
    return doFetch(`${base}${fillPath(path, o.params)}${queryString(o.query)}`, {
      method,
      headers,
      ...(body !== undefined ? { body } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  };

  const call =
    (method: HttpMethod) =>
    async (path: string, o: RawOptions = {}) => {
      const res = await fetchRaw(method, path, o);
      const text = await res.text();
      const type = res.headers.get('content-type') ?? '';
      let parsed: unknown;
      if (text !== '' && /json/i.test(type)) {
        try {
          parsed = JSON.parse(text);
        } catch {
          parsed = undefined;
        }
      }
      if (!res.ok) {
        throw new KehuProblemError(toProblem(res.status, res.statusText, parsed), {
          method,
          url: res.url || `${base}${path}`,
          requestId: res.headers.get('x-request-id'),
        });
      }
      if (res.status === 204 || text === '') return undefined;
      return parsed === undefined ? text : parsed;
    };

  return {
    get: call('GET') as Call<Ops, 'GET'>,
    post: call('POST') as Call<Ops, 'POST'>,
    put: call('PUT') as Call<Ops, 'PUT'>,
    patch: call('PATCH') as Call<Ops, 'PATCH'>,
    delete: call('DELETE') as Call<Ops, 'DELETE'>,
    fetchRaw,
  };
}
