import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from 'hono';

/**
 * The node request and response behind a context, while hono's request is still the one
 * @hono/node-server made for that node request and nobody has read or changed its headers yet.
 *
 * node-server hands hono a lightweight request whose `Headers` it builds on the first header read
 * (≈ 2 µs), and turns a response's `Headers` back into a plain object to write them (≈ 1 µs). Reading
 * the few headers Kehu needs straight from node's raw header list, and setting Kehu's own response
 * headers on node's response, skips both. Whenever the request is not that untouched one — a host
 * replaced it, changed its headers, called Kehu in-process, or runs on another server — everything
 * goes through hono as usual.
 */
interface NodeBindings {
  incoming: IncomingMessage;
  outgoing: ServerResponse;
}

/** node-server's private keys on its lightweight request: the node request, and the `Headers` once built. */
let incomingKey: symbol | undefined;
let headersKey: symbol | undefined;
/** False once the request's shape was not the expected one: then hono is always used. */
let usable = true;

/** Finds node-server's keys on a request holding `incoming`; false when they are not as expected. */
function learnKeys(raw: Record<symbol, unknown>, incomingAt: symbol): boolean {
  try {
    // Build the headers of a copy (never of the live request) to see under which key they are kept.
    const probe = Object.create(Object.getPrototypeOf(raw)) as Record<symbol, unknown> & { headers: unknown };
    probe[incomingAt] = { rawHeaders: [], headers: {} };
    const before = new Set(Object.getOwnPropertySymbols(probe));
    if (!(probe.headers instanceof Headers)) return false;
    headersKey = Object.getOwnPropertySymbols(probe).find(
      (s) => !before.has(s) && probe[s] instanceof Headers,
    );
    if (!headersKey) return false;
    incomingKey = incomingAt;
    return true;
  } catch {
    return false;
  }
}

function untouched(c: Context): NodeBindings | undefined {
  if (!usable) return undefined;
  const env = c.env as Partial<NodeBindings> | undefined;
  const incoming = env?.incoming;
  if (!incoming || !env.outgoing || !Array.isArray(incoming.rawHeaders)) return undefined;
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  if (!incomingKey) {
    // Only node-server's own request holds the node request; any other (a host's) is not learnt from.
    const at = Object.getOwnPropertySymbols(raw).find((s) => raw[s] === incoming);
    if (!at) return undefined;
    if (!learnKeys(raw, at)) {
      usable = false;
      return undefined;
    }
  }
  if (raw[incomingKey!] !== incoming || raw[headersKey!] !== undefined) return undefined;
  return env as NodeBindings;
}

const isSpace = (code: number) => code === 32 || code === 9 || code === 10 || code === 13;

/** Trims HTTP whitespace only (as `Headers` does; `String#trim` also removes other spaces). */
function trimHttp(value: string): string {
  let start = 0;
  let end = value.length;
  while (start < end && isSpace(value.charCodeAt(start))) start++;
  while (end > start && isSpace(value.charCodeAt(end - 1))) end--;
  return start === 0 && end === value.length ? value : value.slice(start, end);
}

/** One header from node's raw list, repeated ones joined with ", " as `Headers.get` joins them. */
function fromRaw(rawHeaders: readonly string[], name: string): string | undefined {
  let out: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const key = rawHeaders[i]!;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    const value = trimHttp(rawHeaders[i + 1]!);
    out = out === undefined ? value : `${out}, ${value}`;
  }
  return out;
}

/** A request header, as `c.req.header(name)` answers it; `name` in lower case. */
export function requestHeader(c: Context, name: string): string | undefined {
  const node = untouched(c);
  return node ? fromRaw(node.incoming.rawHeaders, name) : c.req.header(name);
}

/**
 * Sets a response header of this request, as `c.header(name, value)` does, before the handler's
 * response is built. On node's response while the request is untouched: the response hono builds then
 * carries only its content type, which node-server writes without building `Headers`.
 */
export function responseHeader(c: Context, name: string, value: string): void {
  const node = untouched(c);
  if (node && !node.outgoing.headersSent) node.outgoing.setHeader(name, value);
  else c.header(name, value);
}
