import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import { requestHeader } from './node-request.js';

/** What {@link readNodeJsonBody} did: read the body, found it over the limit, or left it to hono. */
export type NodeBodyRead = 'read' | 'too_large' | 'not_node';

type NodeIncoming = IncomingMessage & { rawBody?: Buffer };

const utf8 = new TextDecoder();

/**
 * node's request behind a context while nothing has read its body yet: @hono/node-server's own
 * lightweight request holds it and has not built the web `Request` (which would own the stream).
 * A host that replaced the request, an in-process call or another server: undefined.
 */
function unreadIncoming(c: Context): NodeIncoming | undefined {
  const incoming = (c.env as { incoming?: NodeIncoming } | undefined)?.incoming;
  if (!incoming || typeof incoming.on !== 'function' || 'rawBody' in incoming) return undefined;
  if (incoming.readableDidRead || incoming.readableEnded) return undefined;
  const raw = c.req.raw as unknown as Record<symbol, unknown>;
  const keys = Object.getOwnPropertySymbols(raw);
  if (!keys.some((k) => raw[k] === incoming) || keys.some((k) => raw[k] instanceof Request)) return undefined;
  return incoming;
}

/** The whole body, or null as soon as it passes `maxBytes` (the rest is discarded unread). */
function collect(incoming: NodeIncoming, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onError);
      incoming.off('close', onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      done();
      incoming.resume();
      resolve(null);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error('The client closed the request before its body ended'));
    };
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onError);
    incoming.on('close', onClose);
  });
}

/**
 * A JSON body read straight from node's request under @hono/node-server. Reading a body through
 * hono makes node-server build a web `Request` around the node request (a `ReadableStream` over it,
 * an `AbortController`, the webidl conversions): measured on the benchmark server, that took
 * 150–200 µs of CPU per POST (a create's whole cost is 700–900). The text goes into hono's body
 * cache, which `c.req.text()` and `c.req.json()` answer from, and the bytes into
 * `incoming.rawBody`, from which node-server makes the body should anything build the `Request`
 * later, so every reader sees the same body. Other content types, and requests that are not
 * node-server's untouched ones, are left to hono (`not_node`).
 */
export async function readNodeJsonBody(c: Context, maxBytes: number): Promise<NodeBodyRead> {
  const type = requestHeader(c, 'content-type');
  if (!type || !/json/i.test(type)) return 'not_node';
  const incoming = unreadIncoming(c);
  if (!incoming) return 'not_node';
  const declared = requestHeader(c, 'content-length');
  if (declared !== undefined && !requestHeader(c, 'transfer-encoding') && Number(declared) > maxBytes)
    return 'too_large';
  const body = await collect(incoming, maxBytes);
  if (!body) return 'too_large';
  incoming.rawBody = body;
  // hono keeps promises in its body cache (its type says values); `text()` returns this one.
  (c.req.bodyCache as { text?: Promise<string> }).text = Promise.resolve(utf8.decode(body));
  return 'read';
}
