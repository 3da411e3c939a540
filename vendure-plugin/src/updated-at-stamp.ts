import {
  EventBus,
  Order,
  OrderEvent,
  OrderLineEvent,
  TransactionalConnection,
  type FulfillmentProcess,
  type ID,
  type Injector,
  type OrderProcess,
  type PaymentProcess,
  type RequestContext,
  type RuntimeVendureConfig,
} from '@vendure/core';

// Not exported by name from @vendure/core's index.
type RefundProcess = NonNullable<RuntimeVendureConfig['paymentOptions']['refundProcess']>[number];

/**
 * The sync finds what changed in the shop with `orders(filter: { updatedAt: { after } })`. Stock
 * Vendure leaves `Order.updatedAt` alone on much of an order's life (see the plugin's README and
 * test/updated-at.test.ts for the list), so this module moves it whenever something the sync maps
 * changes: the order's state, its payments, refunds and fulfilments, its lines, address, customer
 * and custom fields.
 *
 * State machines: the stamp is written inside the transition's own transaction, so it commits with
 * the change it marks. Other changes: Vendure publishes OrderEvent / OrderLineEvent after the
 * transaction commits; the stamp then follows in a short transaction of its own.
 */

/** Sets `updatedAt` on the entity too, so that a later save of the same entity keeps the stamp. */
async function stamp(connection: TransactionalConnection, ctx: RequestContext, orders: Order[]): Promise<void> {
  if (orders.length === 0) return;
  const now = new Date();
  for (const order of orders) {
    order.updatedAt = now;
    await connection.getRepository(ctx, Order).update({ id: order.id }, { updatedAt: now });
  }
}

/** A stamp outside any request transaction, for events delivered after their transaction committed. */
async function stampById(connection: TransactionalConnection, orderId: ID): Promise<void> {
  await connection.rawConnection.getRepository(Order).update({ id: orderId }, { updatedAt: new Date() });
}

export class UpdatedAtStamp {
  private connection: TransactionalConnection | undefined;
  private subscribed = false;

  private async init(injector: Injector): Promise<void> {
    const connection = injector.get(TransactionalConnection);
    this.connection = connection;
    if (this.subscribed) return;
    this.subscribed = true;
    const eventBus = injector.get(EventBus);
    const onError = (err: unknown) => {
      // A failed stamp must not break the shop; the next change of the order stamps it again.
      console.error('[OrdersSyncPlugin] could not stamp Order.updatedAt:', err);
    };
    eventBus.ofType(OrderEvent).subscribe((event) => {
      if (event.type === 'deleted') return;
      stampById(connection, event.order.id).catch(onError);
    });
    eventBus.ofType(OrderLineEvent).subscribe((event) => {
      // An active order is a customer's cart (its own transitions stamp it once it is placed):
      // no extra write for every click in the storefront.
      if (event.order.active) return;
      stampById(connection, event.order.id).catch(onError);
    });
  }

  private get conn(): TransactionalConnection {
    if (!this.connection) throw new Error('OrdersSyncPlugin: stamp used before Vendure initialised it');
    return this.connection;
  }

  /**
   * Order transitions: `OrderService.transitionToState` saves the order after onTransitionEnd, so
   * setting the field is enough there; the write covers transitions made by other code paths.
   */
  readonly orderProcess: OrderProcess<string> = {
    init: (injector) => this.init(injector),
    onTransitionEnd: (_from, _to, { ctx, order }) => stamp(this.conn, ctx, [order]),
  };

  readonly paymentProcess: PaymentProcess<string> = {
    init: (injector) => this.init(injector),
    onTransitionEnd: (_from, _to, { ctx, order }) => stamp(this.conn, ctx, [order]),
  };

  readonly refundProcess: RefundProcess = {
    init: (injector: Injector) => this.init(injector),
    onTransitionEnd: (_from: string, _to: string, { ctx, order }: { ctx: RequestContext; order: Order }) =>
      stamp(this.conn, ctx, [order]),
  };

  readonly fulfillmentProcess: FulfillmentProcess<string> = {
    init: (injector) => this.init(injector),
    onTransitionEnd: (_from, _to, { ctx, orders }) => stamp(this.conn, ctx, orders),
  };
}
