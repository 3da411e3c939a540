import type { Db } from '../db/types.js';
import type { Order } from './order.types.js';

/**
 * How other modules (the sync) take part in order writes without this module knowing them.
 * Both hooks run inside the write transaction, so whatever they write commits or rolls back
 * together with the order.
 */

/** `local`: an admin or API client changed the order here. `replica`: the peer's copy was adopted. */
export type ChangeOrigin = 'local' | 'replica';

export interface OrderChange {
  before: Order | null;
  after: Order;
  origin: ChangeOrigin;
}

export interface OrderHooks {
  /** May refuse a local change by throwing an AppError (for example while the order is in collision). */
  beforeLocalChange?(tx: Db, current: Order): Promise<void>;
  afterChange?(tx: Db, change: OrderChange): Promise<void>;
}
