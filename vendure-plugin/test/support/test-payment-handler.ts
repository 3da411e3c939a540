import { LanguageCode, PaymentMethodHandler } from '@vendure/core';

/**
 * A payment method that takes the money at once: payments are Settled when created, refunds are
 * Settled when made. It stands for a real provider in the test shop; the sync's manual payments
 * name this method so that Vendure calls its createRefund for refunds.
 */
export const instantPaymentHandler = new PaymentMethodHandler({
  code: 'instant-payment',
  description: [{ languageCode: LanguageCode.en, value: 'Paid at once (test shop)' }],
  args: {},
  createPayment: (_ctx, _order, amount) => ({
    amount,
    state: 'Settled' as const,
    transactionId: `instant-${Date.now().toString(36)}`,
  }),
  settlePayment: () => ({ success: true }),
  createRefund: (_ctx, _input, amount) => ({
    state: 'Settled' as const,
    transactionId: `instant-refund-${amount}-${Date.now().toString(36)}`,
  }),
});
