import { FEED_START } from '../orders/order.feed.js';
import type { OutgoingMessage, PullContext, PullOptions, PullPage, PushResult, RemoteAdapter } from './remote-adapter.js';
import type { RemoteDefinition, RemoteKindSpec } from './remote-definition.js';
import { RemoteClient } from './remote-client.js';
import type { SyncMessage } from './message.js';
import { TransportError, type PeerTransport } from './transport.js';

/**
 * Another copy of this service: the sync protocol as it always was (POST {orders}/_sync, the change
 * feed with its envelopes). Messages pass through unchanged; the peer runs the same state table.
 */
export class PeerAdapter implements RemoteAdapter {
  readonly kind = 'peer' as const;
  readonly idlePollMs = null;

  constructor(private readonly transport: PeerTransport) {}

  async push(messages: OutgoingMessage[]): Promise<PushResult[]> {
    // The peer needs none of what we remember about the remote (its key, our ancestor).
    const wire: SyncMessage[] = messages.map(({ remoteKey: _key, baseContent: _base, ...m }) => m);
    return this.transport.push(wire);
  }

  async pull(cursor: string | undefined, _context: PullContext, options: PullOptions): Promise<PullPage> {
    const page = await this.transport.pull(cursor === FEED_START ? undefined : cursor, options.limit, options.waitSeconds, options.signal, options.full);
    const messages = page.orders.map((item) => {
      const { sync, ...order } = item;
      if (!sync) {
        throw new TransportError('the peer sent its feed without sync envelopes: it does not take our token for its peer', true);
      }
      return { orderId: order.id, state: sync.state, version: order.version, base: sync.base, resolution: sync.resolution, order, ...(sync.reason ? { reason: sync.reason } : {}) };
    });
    return { messages, cursor: page.cursor, hasMore: page.hasMore, feedId: page.feedId };
  }
}

export function createPeerAdapter(definition: RemoteDefinition, transportFactory?: (url: string, token: string) => PeerTransport): PeerAdapter | null {
  const token = definition.credentials?.token;
  if (!definition.url || !token) return null;
  return new PeerAdapter(transportFactory?.(definition.url, token) ?? new RemoteClient(definition.url, token));
}

export const peerKind: RemoteKindSpec = {
  kind: 'peer',
  check(definition) {
    const problems: { path: string; message: string }[] = [];
    const token = definition.credentials?.token;
    if (token !== undefined && !/^[A-Za-z0-9_.~+/=-]{24,}$/.test(token)) problems.push({ path: 'credentials.token', message: 'must be a token of 24 or more characters' });
    const accept = definition.credentials?.acceptToken;
    if (accept !== undefined && !/^[A-Za-z0-9_.~+/=-]{24,}$/.test(accept)) problems.push({ path: 'credentials.acceptToken', message: 'must be a token of 24 or more characters' });
    if (definition.settings && Object.keys(definition.settings).length) problems.push({ path: 'settings', message: 'a peer takes no settings' });
    return problems;
  },
};
