import type { MergeContent } from './merge.js';
import type { OrderJson, SyncMessage } from './message.js';

/**
 * One kind of remote (another copy of this service, a plain REST API, a Vendure shop) behind the
 * engine. The engine owns everything that is the same for all kinds: the seed state table, the
 * versions, the per-remote records, the outbox, merge, collisions, resolution, the log, metrics.
 * An adapter only translates: our messages into the remote's writes, and what the remote shows into
 * messages in the seed's terms, as if it were a peer running the same protocol.
 *
 * A remote without versions or sync states (rest, vendure) answers as a peer would:
 * - a write that the remote took is an acknowledgement: `{ state: OK, version, base: version }`
 *   carrying the order as sent (and the remote's id for it in `remoteKey`);
 * - a remote order that differs from the content last agreed with it is the remote's change:
 *   `{ state: UPD, version: known.base + 1, base: known.base }` (DEL when the mapping says deleted);
 *   an order it holds that we do not know is `{ state: NEW, version: 1, base: 0 }`;
 * - what the remote refuses, or an order of its that cannot be mapped, is a message with `error`:
 *   the order goes to ERROR with that reason, both copies kept, and is resolved like a collision.
 */
export interface RemoteAdapter {
  readonly kind: RemoteKind;
  /**
   * Delivers our changes, one result per message in the same order. Throws a TransportError when the
   * remote cannot be reached or refuses the whole request (the engine backs off and retries).
   */
  push(messages: OutgoingMessage[], context?: PushContext): Promise<PushResult[]>;
  /**
   * One page of what changed on the remote since `cursor` (undefined: from the beginning). `waitSeconds`
   * makes it a long poll where the remote supports one (peer); polling remotes ignore it.
   */
  pull(cursor: string | undefined, context: PullContext, options: PullOptions): Promise<PullPage>;
  /** Polling remotes: the pause between two pulls that found nothing (the engine doubles it while idle, up to 8×). Null: the remote long-polls. */
  readonly idlePollMs: number | null;
  close?(): Promise<void>;
}

export type RemoteKind = 'peer' | 'rest' | 'vendure';

/** A message to send, with what this side remembers about the order with this remote. */
export interface OutgoingMessage extends SyncMessage {
  /** The remote's own id for this order; null until the remote has it. */
  remoteKey: string | null;
  /** The content last agreed with this remote (the read–compare–write ancestor); null before the first agreement. */
  baseContent: MergeContent | null;
}

/** What a remote answered or shows about one order, in the seed's terms. */
export interface InboundMessage extends Omit<SyncMessage, 'order'> {
  /** Our order JSON shape (OrderJson fields); `code` may be empty: one is assigned here. */
  order: (Partial<OrderJson> & Record<string, unknown>) | null;
  /** The remote's own id for this order, stored with the order's record for this remote. */
  remoteKey?: string | null;
  /**
   * The remote refused our change, or its order cannot be mapped: the order goes to ERROR with this
   * reason in plain words. Only adapters set it (never read from the wire).
   */
  error?: string;
}

export interface PushResult {
  orderId: string;
  /**
   * `delivered`: the remote took it or answered (see `reply`); `rejected`: refused for good (a
   * malformed message): parked as a dead letter. A peer answers with its own seed outcome.
   */
  outcome: string;
  /** The remote's answer in the seed's terms (the "+" reply), applied like any message. */
  reply: InboundMessage | null;
  error?: string;
}

export interface PushContext {
  signal?: AbortSignal;
  /**
   * Called by a remote without versions (rest, vendure) just before a request that writes this
   * message's order goes out: after it, the remote may hold that version even if no answer comes
   * back. A version never written cannot come back as our own write (inbound.ts, ownVersionHeld).
   */
  beforeWrite?(message: OutgoingMessage): void;
}

export interface PullOptions {
  limit: number;
  waitSeconds: number;
  signal?: AbortSignal;
  /** The first read of the remote's changes (PullPosition.full): a peer is asked to leave nothing out. */
  full?: boolean;
}

export interface PullPage {
  messages: InboundMessage[];
  /** Where the next pull continues. */
  cursor: string;
  hasMore: boolean;
  /** The remote's feed identity: a different one means its data was replaced (start over). */
  feedId?: string | null;
}

/** What this side holds about orders of this remote, for adapters that compare (rest, vendure). */
export interface KnownOrder {
  orderId: string;
  remoteKey: string | null;
  /** The seed state of the order with this remote. */
  state: number;
  /** The order's version here. */
  version: number;
  /** The last version agreed with this remote. */
  base: number;
  /** The content agreed with this remote at `base`. */
  baseContent: MergeContent | null;
  /** Our current copy. */
  order: OrderJson;
}

export interface PullContext {
  /** Orders we hold that are known to this remote by these keys. */
  byRemoteKey(keys: string[]): Promise<Map<string, KnownOrder>>;
  /** Orders we hold by our ids (a remote that stores our id finds its orders with it). */
  byOrderId(ids: string[]): Promise<Map<string, KnownOrder>>;
  now(): Date;
}
