import type { MessageResult } from './inbound.js';
import type { FeedEnvelope, OrderJson, SyncMessage } from './message.js';

/** How the sync reaches the peer. Over HTTP in production (remote-client.ts); in-process with faults in the simulation. */
export interface PeerTransport {
  /** Delivers messages; the answer holds one result (with the "+" reply, if any) per message. */
  push(messages: SyncMessage[]): Promise<MessageResult[]>;
  /** One page of the peer's change feed; `waitSeconds` makes it a long poll. */
  pull(since: string | undefined, limit: number, waitSeconds: number, signal?: AbortSignal): Promise<PulledPage>;
}

export interface PulledPage {
  feedId: string;
  orders: (OrderJson & { sync?: FeedEnvelope })[];
  cursor: string;
  hasMore: boolean;
}

/** `permanent`: retrying the same request cannot help (a 4xx other than 409 and 429). */
export class TransportError extends Error {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly status?: number,
    /** The peer's own error code (`error.code` of its answer), when it sent one. */
    readonly code?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }

  /** The peer refused because an admin paused its sync: a deliberate state, not a failure. */
  get peerPaused(): boolean {
    return this.status === 503 && this.code === 'SYNC_PAUSED';
  }
}
