import type { FastifyInstance } from 'fastify';
import type { MessageResult } from '../../src/integration/inbound.js';
import type { SyncMessage } from '../../src/integration/message.js';
import { feedReadQuery, TransportError, type PeerTransport, type PulledPage } from '../../src/integration/transport.js';
import type { Rng } from './random.js';

export type Side = 'A' | 'B';

export interface Faults {
  dropRequest: number;
  dropResponse: number;
  duplicate: number;
  delay: number;
}

export const NO_FAULTS: Faults = { dropRequest: 0, dropResponse: 0, duplicate: 0, delay: 0 };

interface Held {
  target: Side;
  deliver: () => Promise<unknown>;
}

/**
 * The wire between two in-process instances. Requests go through each instance's real HTTP routes
 * (Fastify's inject: routing, auth, validation and serialisation, without sockets), and the network
 * can drop a request or its response, deliver it twice, hold it back and deliver it later (after
 * newer ones: reordering), or have a side down altogether.
 */
export class FaultyNetwork {
  readonly down: Record<Side, boolean> = { A: false, B: false };
  faults: Faults = NO_FAULTS;
  private readonly held: Held[] = [];
  readonly stats = { requests: 0, dropped: 0, duplicated: 0, delayed: 0, refused: 0 };

  constructor(
    private readonly rng: Rng,
    private readonly apps: Record<Side, FastifyInstance>,
    private readonly peerTokens: Record<Side, string>,
  ) {}

  /** The transport `from` uses to reach the other side. */
  transport(from: Side): PeerTransport {
    const to: Side = from === 'A' ? 'B' : 'A';
    return {
      push: async (messages: SyncMessage[]) => {
        const body = (await this.send(to, 'POST', '/api/orders/_sync', { messages })) as { results: MessageResult[] };
        return body.results;
      },
      pull: async (since: string | undefined, limit: number, _wait: number, _signal?: AbortSignal, full?: boolean): Promise<PulledPage> => {
        const query = new URLSearchParams({ limit: String(limit), wait: '0', ...feedReadQuery(since, full) });
        return (await this.send(to, 'GET', `/api/orders?${query}`)) as PulledPage;
      },
    };
  }

  get heldCount(): number {
    return this.held.length;
  }

  /** Delivers one held-back request (its sender gave up on it long ago). */
  async deliverHeld(): Promise<void> {
    if (this.held.length === 0) return;
    const [item] = this.held.splice(this.rng.int(0, this.held.length - 1), 1);
    if (this.down[item!.target]) return; // lost with the process it was heading to
    await item!.deliver().catch(() => {});
  }

  async deliverAllHeld(): Promise<void> {
    while (this.held.length) await this.deliverHeld();
  }

  private async send(to: Side, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<unknown> {
    this.stats.requests++;
    if (this.down[to]) {
      this.stats.refused++;
      throw new TransportError('connection refused (side down)', false);
    }
    // Each delivery gets its own copy, as it would from the wire.
    const deliver = async () => {
      const res = await this.apps[to].inject({
        method,
        url,
        headers: { authorization: `Bearer ${this.peerTokens[to]}`, 'content-type': 'application/json' },
        payload: payload === undefined ? undefined : JSON.stringify(payload),
      });
      if (res.statusCode >= 400) {
        const permanent = res.statusCode < 500 && res.statusCode !== 409 && res.statusCode !== 429;
        let code: string | undefined;
        try {
          code = (JSON.parse(res.body) as { error?: { code?: string } }).error?.code;
        } catch {
          // not JSON
        }
        throw new TransportError(`peer answered ${res.statusCode}: ${res.body.slice(0, 200)}`, permanent, res.statusCode, code);
      }
      return JSON.parse(res.body) as unknown;
    };
    const f = this.faults;
    if (this.rng.chance(f.dropRequest)) {
      this.stats.dropped++;
      throw new TransportError('request lost', false);
    }
    if (method === 'POST' && this.rng.chance(f.delay)) {
      this.stats.delayed++;
      this.held.push({ target: to, deliver });
      throw new TransportError('timed out (request held back in the network)', false);
    }
    const body = await deliver();
    if (method === 'POST' && this.rng.chance(f.duplicate)) {
      this.stats.duplicated++;
      await deliver().catch(() => {});
    }
    if (this.rng.chance(f.dropResponse)) {
      this.stats.dropped++;
      throw new TransportError('response lost', false);
    }
    return body;
  }
}
