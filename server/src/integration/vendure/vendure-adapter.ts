import type { OrderContent } from '../../orders/order.types.js';
import type { OrderJson } from '../message.js';
import type { RemoteDefinition } from '../remote-definition.js';
import type { InboundMessage, KnownOrder, OutgoingMessage, PullContext, PullOptions, PullPage, PushContext, PushResult, RemoteAdapter } from '../remote-adapter.js';
import { ST } from '../sync-state.js';
import { VendureClient } from './vendure-client.js';
import { VendureRefusal } from './vendure-errors.js';
import { contentFromVendure, mapState } from './vendure-mapping.js';
import { inboundForShopOrder, ontoOurCopy, sameSyncedContent, shopChangedFields } from './vendure-messages.js';
import type { VendureOrder } from './vendure-order.types.js';
import { VendureOrders, type ChangeCursor } from './vendure-orders.js';
import { vendureLoginOf, vendureSettingsOf } from './vendure-settings.js';

export interface VendureAdapterOptions {
  /** The time our copy of an order changed by the shop's change gets as `updatedAt`. */
  now?: () => Date;
}

/**
 * The `vendure` remote kind: a Vendure shop's Admin API behind the engine, answering as a peer
 * would (RemoteAdapter's doc comment). The remote's key of an order is the shop's `Order.id`; our
 * id travels as the plugin's `Order.externalId`. Field by field: docs/vendure-mapping.md.
 *
 * Atomicity. Vendure runs each Admin API mutation in its own transaction and has nothing that spans
 * several: creating a placed order (draft, customer, lines, addresses, shipping, ArrangingPayment,
 * payment) and changing one (Modifying, modifyOrder, ArrangingAdditionalPayment and a payment, back)
 * are many mutations, and a flow cut off by the network can stop between any two. What keeps that
 * from being half-written or doubled:
 * - refusals are found before the first write where they can be (unknown SKU, currency, going back,
 *   un-cancelling) or, inside a flow, undo it: a refused create deletes its draft; a refused
 *   modification takes the order back out of Modifying, unchanged (vendure-orders.ts);
 * - every write is idempotent against the shop's state, so the engine's retry of the whole batch
 *   (after a TransportError) finishes a flow instead of repeating it: a create looks up our
 *   externalId first (set first of all), deletes a draft a dead create left and makes it again, or
 *   takes a placed order of ours up where it stands (brought to our content and status); a change
 *   compares the shop's order with ours and sends only what still differs, a status only the steps
 *   still missing (an ArrangingAdditionalPayment left by a cut modification is paid by the next
 *   push of a paid status);
 * - a modification cut off leaves the order Modifying or ArrangingAdditionalPayment. Vendure's
 *   history says who took it to Modifying and from which state: when it was the sync's own
 *   administrator, the retried push finishes it (pays what is owed, goes back to the state before,
 *   see VendureOrders.finishModification) and then compares as usual, so modifyOrder's part, already
 *   committed, is not sent twice; the pull does not report such an order as the shop's change. An
 *   operator's modification in progress is left alone: not listed until it ends, and a push to
 *   that order is refused with that reason (ERROR here, resolved once the shop is done).
 */
export function createVendureAdapter(definition: RemoteDefinition, options: VendureAdapterOptions = {}): RemoteAdapter {
  const settings = vendureSettingsOf(definition);
  if (!definition.url) throw new Error('a vendure remote needs the URL of its Admin API');
  const client = new VendureClient({
    adminApiUrl: definition.url,
    credentials: vendureLoginOf(definition),
    ...(settings.channelToken ? { channelToken: settings.channelToken } : {}),
    ...(settings.timeoutMs ? { timeoutMs: settings.timeoutMs } : {}),
  });
  const orders = new VendureOrders(client, {
    unitPriceOverride: settings.unitPriceOverride,
    paymentMethodCode: settings.paymentMethodCode,
    ...(settings.shippingMethodCode ? { shippingMethodCode: settings.shippingMethodCode } : {}),
    ...(settings.fulfillmentHandlerCode ? { fulfillmentHandlerCode: settings.fulfillmentHandlerCode } : {}),
    ...(settings.pageSize ? { pageSize: settings.pageSize } : {}),
    ...(settings.overlapMs !== undefined ? { overlapMs: settings.overlapMs } : {}),
  });
  const now = options.now ?? (() => new Date());
  let ownAdministrator: Promise<string | null> | null = null;

  /**
   * A modification of ours left half-done (Modifying, or ArrangingAdditionalPayment after it): made
   * by the administrator the sync logs in as. The engine pushes one batch at a time, so when a push
   * meets one, the push that started it has failed; that is why the sync needs an administrator
   * account of its own.
   */
  const isOurCutModification = async (order: VendureOrder): Promise<{ stateBefore: string } | null> => {
    const started = await orders.modificationInProgress(order);
    if (!started?.administratorId) return null;
    ownAdministrator ??= orders.ownAdministratorId().catch((err: unknown) => {
      ownAdministrator = null;
      throw err;
    });
    return started.administratorId === (await ownAdministrator) ? started : null;
  };

  /** Our copy of a shop order; a state the mapping has no status for is the reason it cannot be mapped. */
  const mapped = (order: VendureOrder): OrderContent | { error: string } => {
    try {
      return contentFromVendure(order);
    } catch (err) {
      if (err instanceof VendureRefusal) return { error: err.reason };
      throw err;
    }
  };

  async function pull(cursor: string | undefined, context: PullContext, _options: PullOptions): Promise<PullPage> {
    // The listing reads every change since the cursor (paged inside), so each pull is one page.
    const listed = await orders.listChangedSince(parseCursor(cursor));
    // Being modified in the shop: listed again when the modification is done (its end stamps
    // updatedAt). A modification of ours cut off before its payment is not the shop's change
    // either: the push that is retried finishes it.
    const changed: VendureOrder[] = [];
    for (const order of listed.orders) {
      if (mapState(order.state).kind === 'in-progress') continue;
      if (order.state === 'ArrangingAdditionalPayment' && (await isOurCutModification(order))) continue;
      changed.push(order);
    }
    const byKey = await context.byRemoteKey(changed.map((o) => o.id));
    const externalIds = changed.map((o) => o.customFields.externalId).filter((id): id is string => !!id);
    const byId = externalIds.length > 0 ? await context.byOrderId(externalIds) : new Map<string, KnownOrder>();
    const messages: InboundMessage[] = [];
    for (const order of changed) {
      const known = byKey.get(order.id) ?? (order.customFields.externalId ? byId.get(order.customFields.externalId) : undefined);
      const message = inboundForShopOrder({ order, content: mapped(order), known, remoteName: definition.name, now: now() });
      if (message) messages.push(message);
    }
    return { messages, cursor: JSON.stringify(listed.cursor), hasMore: false, feedId: null };
  }

  async function push(messages: OutgoingMessage[], context: PushContext = {}): Promise<PushResult[]> {
    const results: PushResult[] = [];
    // One at a time, in order: a TransportError (shop down) ends the batch and the engine sends it
    // again; what was already written is then found in place and only acknowledged.
    for (const message of messages) {
      try {
        results.push({ orderId: message.orderId, outcome: 'delivered', reply: await pushOne(message, context) });
      } catch (err) {
        if (!(err instanceof VendureRefusal)) throw err;
        results.push({ orderId: message.orderId, outcome: 'delivered', reply: { ...refused(message, err), order: await shopCopyOf(message, err) } });
      }
    }
    return results;
  }

  /**
   * The shop's copy of a refused order, sent with the ERROR so that the engine keeps it as theirs:
   * both copies stay visible and the admin can resolve by taking the shop's (e.g. a status it would
   * not go back from). None when the shop holds no order (an unknown SKU on create) or cannot be mapped.
   */
  async function shopCopyOf(message: OutgoingMessage, refusal: VendureRefusal): Promise<OrderJson | null> {
    const key = message.remoteKey ?? refusal.orderId;
    if (!key || !message.order) return null;
    const existing = await orders.getById(key);
    if (!existing || mapState(existing.state).kind === 'in-progress') return null;
    const content = mapped(existing);
    return 'error' in content ? null : ontoOurCopy(content, message.order, message.version, now());
  }

  async function pushOne(message: OutgoingMessage, context: PushContext): Promise<InboundMessage | null> {
    switch (message.state) {
      case ST.NEW:
      case ST.UPD:
        break;
      case ST.DEL:
        return deletion(message);
      // The seed's "an error arrived": the shop keeps its copy, we confirm.
      case ST.ERROR:
        return { orderId: message.orderId, state: ST.ERROR_SYNCED, version: message.version, base: message.base, resolution: false, order: null };
      // Acknowledgements and reports (OK, DEL_SYNCED, COLLISION, ERROR_SYNCED): nothing to write in a shop.
      default:
        return null;
    }
    const ours = message.order;
    if (!ours) throw new VendureRefusal('not-representable', 'The change carries no order.');
    const desired = contentOfJson(ours);

    // Our order the shop does not know by its id yet: created (or, after a lost answer, found by our id).
    // createOrder looks our id up first: a create whose answer was lost does not make a second order.
    if (!message.remoteKey) {
      context.beforeWrite?.(message);
      const { order, created } = await orders.createOrder(message.orderId, desired);
      // Taken up where a lost create left it: brought to our content (later edits included).
      const placed = created ? order : await orders.updateOrder(order.id, desired);
      return ack(message, placed.id);
    }
    let existing = await orders.getById(message.remoteKey);
    if (!existing) {
      throw new VendureRefusal('not-found', `The order ${message.remoteKey} is no longer in the shop.`, null, null, message.remoteKey);
    }
    const cut = await isOurCutModification(existing);
    if (cut) existing = await orders.finishModification(existing, cut.stateBefore);

    if (mapState(existing.state).kind === 'in-progress') {
      throw new VendureRefusal(
        'forbidden-transition',
        `The order is being modified in the shop (state ${existing.state}); resolve it here again when that is done there.`,
        existing.state,
        null,
        existing.id,
      );
    }
    // Read, compare, write: the shop has no versions, so its copy is compared with what we last
    // agreed; a field it changed (to something else than ours) is the shop's change, answered
    // instead of overwritten (the engine merges or shows a collision). An admin's resolution has
    // seen both copies: it is written.
    const shopContent = contentFromVendure(existing);
    if (!message.resolution && message.baseContent && shopChangedFields({ ...shopContent }, message.baseContent, ours).length > 0) {
      const version = message.base + 1;
      return {
        orderId: message.orderId,
        state: ST.UPD,
        version,
        base: message.base,
        resolution: false,
        order: ontoOurCopy(shopContent, ours, version, now()),
        remoteKey: existing.id,
      };
    }
    if (!sameSyncedContent({ ...shopContent }, ours)) {
      context.beforeWrite?.(message);
      await orders.updateOrder(existing.id, desired);
    }
    return ack(message, existing.id);
  }

  /**
   * A placed Vendure order cannot be deleted, only cancelled (and Cancelled is final): a deletion
   * here of an order the shop holds is refused with that reason; of one it never had, agreed.
   */
  async function deletion(message: OutgoingMessage): Promise<InboundMessage> {
    const existing = message.remoteKey ? await orders.getById(message.remoteKey) : await orders.getByExternalId(message.orderId);
    if (existing && !['Created', 'Draft', 'AddingItems'].includes(existing.state)) {
      throw new VendureRefusal(
        'not-representable',
        `The shop cannot delete a placed order (${existing.code}), only cancel it: restore it here and set its status to cancelled.`,
        null,
        null,
        existing.id,
      );
    }
    return { orderId: message.orderId, state: ST.DEL_SYNCED, version: message.version, base: message.version, resolution: false, order: null };
  }

  return {
    kind: 'vendure',
    idlePollMs: settings.pollIntervalMs,
    push,
    pull,
  };
}

const ack = (message: OutgoingMessage, remoteKey: string): InboundMessage => ({
  orderId: message.orderId,
  state: ST.OK,
  version: message.version,
  base: message.version,
  resolution: false,
  order: message.order,
  remoteKey,
});

/** The shop refused: the order goes to ERROR here with the shop's reason, both copies kept. */
const refused = (message: OutgoingMessage, refusal: VendureRefusal): InboundMessage => ({
  orderId: message.orderId,
  state: ST.ERROR,
  version: message.version,
  base: message.base,
  resolution: false,
  order: null,
  ...(message.remoteKey ? { remoteKey: message.remoteKey } : {}),
  error: refusal.shopMessage && !refusal.reason.includes(refusal.shopMessage) ? `${refusal.reason} (the shop said: ${refusal.shopMessage})` : refusal.reason,
});

function contentOfJson(order: OrderJson): OrderContent {
  const { status, customer, shippingAddress, currency, lines, shippingCost, note } = order;
  return { status, customer, shippingAddress, currency, lines, shippingCost, note };
}

/** The engine's cursor is the listing's ChangeCursor as JSON; anything else starts from the beginning. */
function parseCursor(cursor: string | undefined): ChangeCursor | null {
  if (!cursor) return null;
  try {
    const parsed = JSON.parse(cursor) as Partial<ChangeCursor>;
    if ((parsed.after === null || typeof parsed.after === 'string') && Array.isArray(parsed.seen)) {
      return { after: parsed.after, seen: parsed.seen.filter((s): s is string => typeof s === 'string') };
    }
  } catch {
    // An unreadable cursor: listing everything again is safe (what is agreed says nothing).
  }
  return null;
}
