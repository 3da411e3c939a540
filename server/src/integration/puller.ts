import type { Db } from '../db/types.js';
import { FEED_START } from '../orders/order.feed.js';
import { applyMessages, type InboundDeps } from './inbound.js';
import { loadPullPosition, savePullPosition, type PullPosition } from './settings.js';
import { TransportError, type PeerTransport } from './transport.js';

export const PULL_LIMIT = 1000;

export interface PullerDeps extends InboundDeps {
  db: Db;
}

export interface PullReport {
  received: number;
  hasMore: boolean;
  restarted?: boolean;
}

/**
 * Where the puller is, in memory, when it is ahead of the saved position: pages that held only orders
 * we already have move the cursor without writing anything (an idle pair writes nothing); after a
 * restart they are simply read again.
 */
export interface PullMemo {
  remoteUrl?: string;
  position?: PullPosition;
}

/**
 * Reads one page of the peer's change feed and applies it through the same state table as pushed
 * messages. The cursor is saved only after the page is applied, so a crash re-reads, never skips.
 */
export async function pullOnce(
  deps: PullerDeps,
  transport: PeerTransport,
  remoteUrl: string,
  waitSeconds: number,
  signal?: AbortSignal,
  memo: PullMemo = {},
): Promise<PullReport> {
  const position = memo.remoteUrl === remoteUrl && memo.position ? memo.position : await loadPullPosition(deps.db, remoteUrl);
  const page = await transport.pull(position.cursor === FEED_START ? undefined : position.cursor, PULL_LIMIT, waitSeconds, signal);
  if (position.feedId && page.feedId !== position.feedId) {
    // The peer's database was replaced: our cursor means nothing there. Start over.
    const restart = { cursor: FEED_START, feedId: page.feedId };
    await savePullPosition(deps.db, remoteUrl, restart, deps.now());
    Object.assign(memo, { remoteUrl, position: restart });
    return { received: 0, hasMore: true, restarted: true };
  }
  const messages = page.orders.map((item) => {
    const { sync, ...order } = item;
    if (!sync) {
      throw new TransportError('the peer sent its feed without sync envelopes: it does not take our PEER_TOKEN for its peer', true);
    }
    return { orderId: order.id, state: sync.state, version: order.version, base: sync.base, resolution: sync.resolution, order };
  });
  if (messages.length) await applyMessages(deps, messages, 'pull');
  const next = { cursor: page.cursor, feedId: page.feedId };
  if (messages.length || page.feedId !== position.feedId) await savePullPosition(deps.db, remoteUrl, next, deps.now());
  Object.assign(memo, { remoteUrl, position: next });
  return { received: messages.length, hasMore: page.hasMore };
}
