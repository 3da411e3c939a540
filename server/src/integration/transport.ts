import type { MessageResult } from './inbound.js';
import type { FeedEnvelope, OrderJson, SyncMessage } from './message.js';

/** How the sync reaches the peer. Over HTTP in production (remote-client.ts); in-process with faults in the simulation. */
export interface PeerTransport {
  /** Delivers messages; the answer holds one result (with the "+" reply, if any) per message. */
  push(messages: SyncMessage[]): Promise<MessageResult[]>;
  /**
   * One page of the peer's change feed; `waitSeconds` makes it a long poll. `full`: this side is on
   * its first read of the feed (see PullPosition.full), so the peer leaves nothing out.
   */
  pull(since: string | undefined, limit: number, waitSeconds: number, signal?: AbortSignal, full?: boolean): Promise<PulledPage>;
}

/**
 * The query of a feed read: `since`, and `full` where it differs from what the peer assumes without
 * it (a read from the start is a first read, any other is not). Sent only then, so a peer that
 * predates the parameter keeps answering every read but those.
 */
export function feedReadQuery(since: string | undefined, full: boolean | undefined): Record<string, string> {
  const query: Record<string, string> = since ? { since } : {};
  if (full !== undefined && full !== (since === undefined)) query.full = String(full);
  return query;
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
