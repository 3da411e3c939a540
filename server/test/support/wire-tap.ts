import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP hop between two instances that counts what crosses it and can play a peer that is
 * down (not listening), refusing (a fixed status), or forwarding to the real one. It also records
 * every Authorization header it sees, to prove where a token was (or was not) sent.
 */
export type TapMode = { kind: 'forward'; to: string } | { kind: 'answer'; status: number; body: unknown };

export interface SeenRequest {
  method: string;
  path: string;
  authorization: string | null;
  at: number;
}

export class WireTap {
  readonly seen: SeenRequest[] = [];
  private server: Server | null = null;
  /** Plays a proxy that ends requests after this long (Heroku's router: 30 s): a long poll still waiting then is cut (its connection closed). */
  cutAfterMs: number | null = null;

  private constructor(
    readonly port: number,
    public mode: TapMode,
  ) {}

  /** Reserves a free port without listening on it yet (the "peer" is down until `up()`). */
  static async reserve(mode: TapMode): Promise<WireTap> {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    return new WireTap(port, mode);
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  count(predicate: (r: SeenRequest) => boolean = () => true, since = 0): number {
    return this.seen.filter((r) => r.at >= since && predicate(r)).length;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      if (this.cutAfterMs !== null) {
        const cut = setTimeout(() => req.socket.destroy(), this.cutAfterMs);
        res.once('close', () => clearTimeout(cut));
      }
      void this.handle(req, res.writeHead.bind(res), (body) => res.end(body));
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, writeHead: (status: number, headers: Record<string, string>) => void, end: (body: string | Buffer) => void) {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    this.seen.push({ method: req.method ?? 'GET', path: req.url ?? '/', authorization: req.headers.authorization ?? null, at: Date.now() });
    const mode = this.mode;
    if (mode.kind === 'answer') {
      writeHead(mode.status, { 'content-type': 'application/json' });
      end(JSON.stringify(mode.body));
      return;
    }
    try {
      const res = await fetch(`${mode.to}${req.url ?? '/'}`, {
        method: req.method,
        headers: Object.fromEntries(
          Object.entries(req.headers).flatMap(([k, v]) => (typeof v === 'string' && k !== 'host' && k !== 'content-length' ? [[k, v]] : [])),
        ),
        body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
      });
      const text = Buffer.from(await res.arrayBuffer());
      writeHead(res.status, { 'content-type': res.headers.get('content-type') ?? 'application/json' });
      end(text);
    } catch (err) {
      writeHead(502, { 'content-type': 'application/json' });
      end(JSON.stringify({ error: { code: 'BAD_GATEWAY', message: (err as Error).message } }));
    }
  }
}
