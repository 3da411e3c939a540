import { describe, expect, it } from 'vitest';
import { isErrorResult, refusalFromErrorResult, successOrRefuse, VendureRefusal } from '../../../src/integration/vendure/vendure-errors.js';

describe('ErrorResult refusals', () => {
  const transitionError = {
    __typename: 'OrderStateTransitionError',
    errorCode: 'ORDER_STATE_TRANSITION_ERROR',
    message: 'Cannot transition Order from "PaymentSettled" to "Delivered"',
    transitionError: 'Cannot transition Order to the "Delivered" state unless all OrderItems are delivered',
    fromState: 'PaymentSettled',
    toState: 'Delivered',
  };

  it('recognises an ErrorResult member of a union, and only that', () => {
    expect(isErrorResult(transitionError)).toBe(true);
    expect(isErrorResult({ __typename: 'Order', id: '1', code: 'X' })).toBe(false);
    expect(isErrorResult(null)).toBe(false);
  });

  it('words the refusal with the shop\'s details and keeps its code and message', () => {
    const refusal = refusalFromErrorResult('to move the order to Delivered', transitionError, '42');
    expect(refusal).toMatchObject({
      kind: 'forbidden-transition',
      reason:
        'The shop refused to move the order to Delivered: Cannot transition Order to the "Delivered" state unless all OrderItems are delivered; from PaymentSettled to Delivered',
      shopCode: 'ORDER_STATE_TRANSITION_ERROR',
      shopMessage: transitionError.message,
      orderId: '42',
    });
    expect(refusal.message).toContain('(shop: Cannot transition Order from "PaymentSettled" to "Delivered")');
  });

  it('classifies stock errors and falls back to the message for unknown codes', () => {
    const stock = refusalFromErrorResult('adding 5 x POSTER', {
      __typename: 'InsufficientStockError',
      errorCode: 'INSUFFICIENT_STOCK_ERROR',
      message: 'Only 2 items were added',
      quantityAvailable: 2,
    });
    expect(stock).toMatchObject({ kind: 'not-sellable', reason: 'The shop refused adding 5 x POSTER: only 2 available' });
    const other = refusalFromErrorResult('the change', { __typename: 'X', errorCode: 'SOMETHING_NEW', message: 'Nope' });
    expect(other).toMatchObject({ kind: 'modification-refused', reason: 'The shop refused the change: Nope' });
  });

  it('passes success through and throws the refusal for an ErrorResult', () => {
    expect(successOrRefuse('x', { id: '1' })).toEqual({ id: '1' });
    expect(() => successOrRefuse('x', transitionError)).toThrow(VendureRefusal);
    expect(new VendureRefusal('unknown-sku', 'r').withOrderId('9')).toMatchObject({ kind: 'unknown-sku', reason: 'r', orderId: '9' });
  });
});
