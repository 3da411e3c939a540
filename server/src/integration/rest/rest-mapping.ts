import { ORDER_STATUSES, type OrderLine, type OrderStatus } from '../../orders/order.types.js';
import { orderContentSchema } from '../../orders/order.validation.js';
import type { MergeContent } from '../merge.js';
import { currencyExponent, minorToRemote, remoteToMinor } from './rest-money.js';
import { getPath, isObject, setPath } from './rest-paths.js';
import { wordsOf, type RestSettings } from './rest-settings.js';

/**
 * Between a remote's order JSON and ours, both ways, without I/O. A remote order either maps whole
 * and passes the orders module's own validation, or is refused with a reason that names the
 * remote's field: nothing is ever half-mapped.
 */

/** Our REST order JSON fields that a remote can hold (plus `code` when mapped). */
export interface MappedOrder {
  code?: string;
  status: OrderStatus;
  customer: { name: string; email: string; phone: string | null };
  shippingAddress: { fullName: string; line1: string; line2: string | null; city: string; postalCode: string; countryCode: string };
  currency: string;
  lines: OrderLine[];
  shippingCost: number;
  note: string | null;
  deleted: boolean;
}

export type ToOrderResult =
  | { ok: true; key: string; ourId: string | null; order: MappedOrder }
  | { ok: false; key: string; ourId: string | null; reason: string };

/** What we hold for the fields the mapping leaves out (the content last agreed, or our copy). */
export type Fill = Partial<Pick<MergeContent, 'status' | 'customer' | 'shippingAddress' | 'currency' | 'shippingCost' | 'note'>>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const CODE = /^[A-Z0-9]{1,10}-\d{6,}$/;

const show = (value: unknown): string => {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
};

/** The remote's id of an order as a key (numbers as their decimal text), or null when it has none. */
export function keyOf(item: unknown, settings: RestSettings): string | null {
  const id = getPath(item, settings.idField);
  if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
  if (typeof id === 'string' && id.length > 0 && id.length <= 200) return id;
  return null;
}

/** The key as the remote writes it in a body or a query. */
export const remoteId = (key: string, settings: RestSettings): string | number => (settings.idType === 'number' && /^\d+$/.test(key) ? Number(key) : key);

/** Our order id stored in the remote order (`ourIdField`), when it holds one. */
export function ourIdOf(item: unknown, settings: RestSettings): string | null {
  if (!settings.ourIdField) return null;
  const value = getPath(item, settings.ourIdField);
  return typeof value === 'string' && UUID.test(value) ? value.toLowerCase() : null;
}

/** The status a remote word stands for. */
function statusOfWord(word: string, settings: RestSettings): OrderStatus | null {
  for (const status of ORDER_STATUSES) if (wordsOf(settings.statuses[status]).includes(word)) return status;
  return null;
}

/** Where our field (a validation issue's path) lives on the remote, for reasons. */
function remotePathOf(path: (string | number)[], settings: RestSettings): string {
  const f = settings.fields;
  const [top, second, third] = path;
  if (top === 'lines') {
    if (typeof second !== 'number') return f.lines.path;
    const field = third as keyof typeof f.lines | undefined;
    return `${f.lines.path}[${second}]${field && field !== 'path' && f.lines[field] ? `.${f.lines[field]}` : ''}`;
  }
  if (top === 'customer' || top === 'shippingAddress') {
    const group = f[top] as Record<string, string | undefined>;
    return (typeof second === 'string' && group[second]) || `our ${path.join('.')} (not mapped)`;
  }
  const mapped = (f as Record<string, unknown>)[String(top)];
  return typeof mapped === 'string' ? mapped : `our ${path.join('.')} (not mapped)`;
}

class Refusal extends Error {}

/** A remote order as our order JSON, validated; or why not, naming the remote field. */
export function toOrderJson(item: unknown, settings: RestSettings, fill: Fill | null = null): ToOrderResult {
  const key = keyOf(item, settings) ?? '';
  const ourId = ourIdOf(item, settings);
  if (!isObject(item)) return { ok: false, key, ourId, reason: `the order is ${show(item)}, not a JSON object` };
  if (!key) return { ok: false, key, ourId, reason: `${settings.idField} is missing or not an id` };
  try {
    return { ok: true, key, ourId, order: mapOrder(item, settings, fill) };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, key, ourId, reason: err.message };
    throw err;
  }
}

function mapOrder(item: Record<string, unknown>, settings: RestSettings, fill: Fill | null): MappedOrder {
  const f = settings.fields;
  const read = (path: string | undefined, fallback: unknown): unknown => (path ? getPath(item, path) : fallback);

  // Deletion first: a deleted order's status word is the deletion word, not a status.
  const word = getPath(item, f.status);
  let deleted = false;
  if (settings.deletion.style === 'status' && word === settings.deletion.word) deleted = true;
  if (settings.deletion.style === 'flag') {
    const flag = getPath(item, settings.deletion.field);
    if (flag !== undefined && flag !== null && typeof flag !== 'boolean') throw new Refusal(`${settings.deletion.field} ${show(flag)} is not true or false`);
    deleted = flag === true;
  }
  let status: OrderStatus;
  if (deleted && settings.deletion.style === 'status') {
    // The remote forgot the status when it marked the order deleted: keep ours.
    status = fill?.status as OrderStatus | undefined ?? 'cancelled';
  } else {
    if (typeof word !== 'string') throw new Refusal(`${f.status} ${word === undefined ? 'is missing' : `${show(word)} is not a status word`}`);
    const mapped = statusOfWord(word, settings);
    if (!mapped) {
      const known = ORDER_STATUSES.flatMap((s) => wordsOf(settings.statuses[s]));
      throw new Refusal(`${f.status} "${word}" is not a status this mapping knows (${known.join(', ')})`);
    }
    status = mapped;
  }

  const currencyValue = f.currency ? getPath(item, f.currency) : (settings.defaultCurrency ?? fill?.currency);
  if (typeof currencyValue !== 'string' || !Intl.supportedValuesOf('currency').includes(currencyValue.trim().toUpperCase())) {
    throw new Refusal(`${f.currency ?? 'defaultCurrency'} ${currencyValue === undefined ? 'is missing' : `${show(currencyValue)} is not an ISO 4217 currency code`}`);
  }
  const currency = currencyValue.trim().toUpperCase();
  const exponent = currencyExponent(currency);
  const money = (value: unknown, style: RestSettings['money']['unitPrice'], where: string): number => {
    if (value === undefined) throw new Refusal(`${where} is missing`);
    const result = remoteToMinor(value, style, exponent);
    if (!result.ok) throw new Refusal(`${where} ${show(value)} ${result.reason}`);
    return result.minor;
  };

  const rawLines = getPath(item, f.lines.path);
  if (!Array.isArray(rawLines)) throw new Refusal(`${f.lines.path} ${rawLines === undefined ? 'is missing' : 'is not a list of lines'}`);
  const lines = rawLines.map((line: unknown, i) => {
    const where = (field: string) => `${f.lines.path}[${i}].${field}`;
    if (!isObject(line)) throw new Refusal(`${f.lines.path}[${i}] is not an object`);
    return {
      sku: getPath(line, f.lines.sku),
      name: getPath(line, f.lines.name),
      quantity: getPath(line, f.lines.quantity),
      unitPrice: money(getPath(line, f.lines.unitPrice), settings.money.unitPrice, where(f.lines.unitPrice)),
    };
  });

  const shippingCost = f.shippingCost
    ? money(getPath(item, f.shippingCost), settings.money.shippingCost, f.shippingCost)
    : (fill?.shippingCost ?? 0);

  const content = {
    status,
    customer: {
      name: read(f.customer.name, undefined),
      email: read(f.customer.email, undefined),
      phone: read(f.customer.phone, fill?.customer?.phone ?? null),
    },
    shippingAddress: {
      fullName: read(f.shippingAddress.fullName, undefined),
      line1: read(f.shippingAddress.line1, undefined),
      line2: read(f.shippingAddress.line2, fill?.shippingAddress?.line2 ?? null),
      city: read(f.shippingAddress.city, undefined),
      postalCode: read(f.shippingAddress.postalCode, undefined),
      countryCode: read(f.shippingAddress.countryCode, undefined),
    },
    currency,
    lines,
    shippingCost,
    note: read(f.note, fill?.note ?? null),
  };

  // The orders module's own definition of a valid order: what it would refuse, we refuse here.
  const parsed = orderContentSchema.safeParse(content);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const value = issue.path.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[k] : undefined), content);
    const where = remotePathOf(issue.path as (string | number)[], settings);
    throw new Refusal(value === undefined ? `${where} is missing` : `${where} ${show(value)} ${issue.message}`);
  }
  const valid = parsed.data;
  const order: MappedOrder = { ...valid, note: valid.note ?? null, deleted };
  if (f.code) {
    const code = getPath(item, f.code);
    if (typeof code === 'string' && CODE.test(code)) order.code = code;
  }
  return order;
}

export type WriteMode = 'create' | 'update';

/** What the remote's order should look like for ours: a create body, or an update (laid over `current` for put-whole). */
export function fromOrderJson(
  order: Pick<MappedOrder, 'status' | 'customer' | 'shippingAddress' | 'currency' | 'lines' | 'shippingCost' | 'note'> & { id?: string; code?: string; deleted?: boolean },
  settings: RestSettings,
  mode: WriteMode,
  current?: Record<string, unknown> | null,
): Record<string, unknown> {
  const f = settings.fields;
  const whole = mode === 'update' && settings.update === 'put-whole' && isObject(current);
  const body: Record<string, unknown> = whole ? structuredClone(current) : {};
  const exponent = currencyExponent(order.currency);

  const deletedWord = order.deleted && settings.deletion.style === 'status' ? settings.deletion.word : null;
  setPath(body, f.status, deletedWord ?? wordsOf(settings.statuses[order.status])[0]);
  if (settings.deletion.style === 'flag') setPath(body, settings.deletion.field, order.deleted === true);

  setPath(body, f.customer.name, order.customer.name);
  setPath(body, f.customer.email, order.customer.email);
  if (f.customer.phone) setPath(body, f.customer.phone, order.customer.phone ?? null);
  const a = f.shippingAddress;
  setPath(body, a.fullName, order.shippingAddress.fullName);
  setPath(body, a.line1, order.shippingAddress.line1);
  if (a.line2) setPath(body, a.line2, order.shippingAddress.line2 ?? null);
  setPath(body, a.city, order.shippingAddress.city);
  setPath(body, a.postalCode, order.shippingAddress.postalCode);
  setPath(body, a.countryCode, order.shippingAddress.countryCode);
  if (f.currency) setPath(body, f.currency, order.currency);
  if (f.shippingCost) setPath(body, f.shippingCost, minorToRemote(order.shippingCost, settings.money.shippingCost, exponent));
  if (f.note) setPath(body, f.note, order.note ?? null);

  // A line the remote already has keeps its own extra fields (line ids, tax) under put-whole.
  const currentLines = whole ? getPath(current, f.lines.path) : undefined;
  const previous = new Map<unknown, Record<string, unknown>>();
  if (Array.isArray(currentLines)) for (const line of currentLines) if (isObject(line)) previous.set(getPath(line, f.lines.sku), line);
  setPath(
    body,
    f.lines.path,
    order.lines.map((line) => {
      const out: Record<string, unknown> = structuredClone(previous.get(line.sku) ?? {});
      setPath(out, f.lines.sku, line.sku);
      setPath(out, f.lines.name, line.name);
      setPath(out, f.lines.quantity, line.quantity);
      setPath(out, f.lines.unitPrice, minorToRemote(line.unitPrice, settings.money.unitPrice, exponent));
      return out;
    }),
  );

  if (mode === 'create') {
    if (f.code && order.code) setPath(body, f.code, order.code);
    if (settings.ourIdField && order.id) setPath(body, settings.ourIdField, order.id);
    if (settings.idCreatedBy === 'us' && order.id) setPath(body, settings.idField, order.id);
  }
  if (mode === 'update' && settings.concurrency.style === 'versionField' && isObject(current)) {
    setPath(body, settings.concurrency.field, getPath(current, settings.concurrency.field));
  }
  return body;
}
