import { computeTotals, type OrderContent } from '../../../server/src/orders/order.types.js';
import { mergeContentOf, type OrderJson } from '../../../server/src/integration/message.js';
import type { InboundMessage, KnownOrder, OutgoingMessage, PullContext } from '../../../server/src/integration/remote-adapter.js';
import { ST } from '../../../server/src/integration/sync-state.js';

/**
 * What the engine holds about the orders of one remote, in memory: the PullContext an adapter
 * reads, and the bookkeeping the engine does with the adapter's answers (the simple, non-conflicting
 * cases only: acknowledgements, new orders and changes taken as they come).
 */
export class InMemoryRemoteRecords implements PullContext {
  readonly orders = new Map<string, KnownOrder>();

  byRemoteKey(keys: string[]): Promise<Map<string, KnownOrder>> {
    const wanted = new Set(keys);
    return Promise.resolve(new Map([...this.orders.values()].filter((o) => o.remoteKey && wanted.has(o.remoteKey)).map((o) => [o.remoteKey!, o])));
  }

  byOrderId(ids: string[]): Promise<Map<string, KnownOrder>> {
    return Promise.resolve(new Map(ids.flatMap((id) => (this.orders.has(id) ? [[id, this.orders.get(id)!] as const] : []))));
  }

  now(): Date {
    return new Date();
  }

  /** A local create: state NEW at version 1, never agreed. */
  create(id: string, content: OrderContent): OutgoingMessage {
    const order = orderJson(id, `LOCAL-${id.slice(-6)}`, content, 1);
    this.orders.set(id, { orderId: id, remoteKey: null, state: ST.NEW, version: 1, base: 0, baseContent: null, order });
    return this.outgoing(id);
  }

  /** A local edit: state UPD at the next version, on the last agreed base. */
  edit(id: string, change: Partial<OrderContent>): OutgoingMessage {
    const known = this.get(id);
    const version = known.version + 1;
    const order = { ...known.order, ...change, version, updatedAt: new Date().toISOString() };
    Object.assign(order, computeTotals(order));
    this.orders.set(id, { ...known, state: ST.UPD, version, order });
    return this.outgoing(id);
  }

  outgoing(id: string): OutgoingMessage {
    const known = this.get(id);
    return {
      orderId: id,
      state: known.state,
      version: known.version,
      base: known.base,
      resolution: false,
      order: known.order,
      remoteKey: known.remoteKey,
      baseContent: known.baseContent,
    };
  }

  /** Applies an answer of the adapter the way the engine does in the simple cases. */
  apply(message: InboundMessage): void {
    const known = this.orders.get(message.orderId);
    const remoteKey = message.remoteKey ?? known?.remoteKey ?? null;
    if (message.state === ST.OK && known) {
      this.orders.set(message.orderId, {
        ...known,
        remoteKey,
        state: ST.OK,
        base: message.version,
        baseContent: mergeContentOf(message.order ?? known.order),
      });
      return;
    }
    if ((message.state === ST.NEW || message.state === ST.UPD) && message.order) {
      const order = { ...(known?.order ?? {}), ...message.order, version: message.version } as OrderJson;
      this.orders.set(message.orderId, {
        orderId: message.orderId,
        remoteKey,
        state: ST.OK,
        version: message.version,
        base: message.version,
        baseContent: mergeContentOf(order),
        order,
      });
      return;
    }
    throw new Error(`the in-memory records do not apply ${JSON.stringify(message)}`);
  }

  get(id: string): KnownOrder {
    const known = this.orders.get(id);
    if (!known) throw new Error(`no order ${id}`);
    return known;
  }
}

export function orderJson(id: string, code: string, content: OrderContent, version: number): OrderJson {
  const at = new Date().toISOString();
  return { id, code, ...content, ...computeTotals(content), createdAt: at, updatedAt: at, version, deleted: false };
}
