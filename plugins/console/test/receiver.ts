import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';

/** A webhook receiver on 127.0.0.1, port 0: answers the scripted statuses in turn, then 200. */
export class Receiver {
  readonly received: { path: string; headers: IncomingHttpHeaders; body: string }[] = [];
  private readonly statuses: number[] = [];
  private readonly server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      body += chunk;
    });
    req.on('end', () => {
      this.received.push({ path: req.url ?? '/', headers: req.headers, body });
      const status = this.statuses.shift() ?? 200;
      res.writeHead(status, { 'content-type': 'text/plain', connection: 'close' }).end(`status ${status}`);
    });
  });

  /** The next answers, in order. */
  answer(...statuses: number[]): void {
    this.statuses.push(...statuses);
  }

  url(path: string): string {
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}${path}`;
  }

  /** The event types received, in order. */
  types(): string[] {
    return this.received.map((r) => JSON.parse(r.body).type);
  }

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return this;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
