import type { OrderService } from './order.service.js';

/** What the order resolvers need from the GraphQL context (the app's context has more). */
export interface OrdersContext {
  orders: OrderService;
}
