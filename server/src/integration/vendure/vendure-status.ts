import type { OrderStatus } from '../../orders/order.types.js';
import { VendureRefusal } from './vendure-errors.js';
import { mapState } from './vendure-mapping.js';

/**
 * How to bring a Vendure order from its state to one of our statuses, as steps for
 * vendure-orders.ts. Our statuses are a line (pending < paid < shipped < delivered) plus cancelled;
 * moving forward takes every step in between (an order marked shipped here is paid and shipped in
 * the shop). Vendure's order process only goes forward and Cancelled is final, so going back and
 * un-cancelling are refused here, before anything is sent.
 */
export type StatusStep =
  /** Record a manual payment for what is owed, then on to PaymentSettled. */
  | 'pay'
  /** Settle the payments that are only authorised (PaymentAuthorized -> PaymentSettled). */
  | 'settle'
  /** Fulfil what is not fulfilled yet (manual fulfilment handler), and mark fulfilments Shipped. */
  | 'ship'
  /** Mark every shipped fulfilment Delivered. */
  | 'deliver'
  /** Cancel all lines (or, for an order not placed yet, transition it to Cancelled). */
  | 'cancel';

const RANK: Record<Exclude<OrderStatus, 'cancelled'>, number> = { pending: 0, paid: 1, shipped: 2, delivered: 3 };

export function planStatusChange(state: string, target: OrderStatus): StatusStep[] {
  if (state === 'Cancelled') {
    if (target === 'cancelled') return [];
    throw new VendureRefusal(
      'cancelled-is-final',
      `The order is cancelled in the shop and Vendure cannot un-cancel an order; it cannot become "${target}" there. ` +
        'Keep it cancelled, or create a new order.',
      'Cancelled',
    );
  }
  const mapped = mapState(state);
  if (mapped.kind === 'in-progress') {
    throw new VendureRefusal('forbidden-transition', `The order is being modified in the shop (state ${state}); try again when that is done.`, state);
  }
  if (mapped.kind !== 'status') {
    throw new VendureRefusal('not-representable', `The shop order is in state ${state}, from which the sync cannot set a status.`, state);
  }
  if (target === 'cancelled') return ['cancel'];
  const current = mapped.status as Exclude<OrderStatus, 'cancelled'>;
  if (RANK[target] < RANK[current]) {
    throw new VendureRefusal(
      'forbidden-transition',
      `The shop's order process only goes forward: the order is ${state} ("${current}") and cannot go back to "${target}".`,
      state,
    );
  }
  const steps: StatusStep[] = [];
  if (RANK[target] >= RANK.paid && current === 'pending') steps.push(state === 'PaymentAuthorized' ? 'settle' : 'pay');
  if (RANK[target] >= RANK.shipped && !['Shipped', 'PartiallyDelivered', 'Delivered'].includes(state)) steps.push('ship');
  if (target === 'delivered' && state !== 'Delivered') steps.push('deliver');
  return steps;
}
