import { AppError } from '../shared/errors.js';
import type { Order } from './order.types.js';

export class OrderNotFoundError extends AppError {
  constructor(id: string) {
    super('NOT_FOUND', `Order ${id} does not exist`, { id });
  }
}

/** The change was based on an older version: someone else changed the order first. */
export class VersionConflictError extends AppError {
  constructor(
    readonly current: Order,
    basedOn: number,
  ) {
    super(
      'CONFLICT',
      `Order ${current.code} was changed meanwhile: it is at version ${current.version}, ` +
        `the change was based on version ${basedOn}. Reload it and apply the change again.`,
      { field: 'expectedVersion', currentVersion: current.version },
    );
  }
}

/** A create under an id that already holds a different order. */
export class IdConflictError extends AppError {
  constructor(readonly current: Order) {
    super('CONFLICT', `Another order already exists under id ${current.id} (${current.code})`, {
      field: 'id',
      currentVersion: current.version,
    });
  }
}

export class OrderDeletedError extends AppError {
  constructor(readonly current: Order) {
    super('CONFLICT', `Order ${current.code} is deleted; a deleted order cannot be changed`, {
      field: 'deleted',
      currentVersion: current.version,
    });
  }
}
