import { canonicalJson } from '../../src/shared/canonical-json.js';
import type { Rng } from './random.js';

/**
 * The REST model's e-shop: a plain Orders API held in a Map, in the shop's own shape (that of
 * `shopMapping` in ../support/json-server.ts: snake_case, decimal strings, numeric ids it assigns,
 * our id in `external_ref`). No versions, no ETags: GET list (`_page`/`_limit`, `_sort=id`,
 * `updated_at_gte`, a filter by `external_ref`), GET one, POST, PUT and PATCH, as json-server
 * answers them. Its `fetch` is handed to the real RestAdapter, so every request goes through the
 * adapter's real client: URLs, headers, bodies and status codes.
 *
 * While faults are on, each request may be lost before the shop sees it, or its answer lost after
 * the shop applied it; the shop may be down. And the shop's staff write too: `staffWrite` runs
 * between two of our requests; `window` is the chance that the staff edit the very order we just
 * read, between our GET and our PUT (the read–compare–write window of an API without versions).
 */

export type ShopOrder = Record<string, unknown> & { id: number; updated_at: string };

export interface ShopFaults {
  dropRequest: number;
  dropAnswer: number;
  /** Chance that the staff edit an order between our GET of it and our PUT. */
  window: number;
}

export const NO_SHOP_FAULTS: ShopFaults = { dropRequest: 0, dropAnswer: 0, window: 0 };

/** A staff edit made inside the window; `overwritten` once our PUT replaced what it changed. */
export interface WindowEdit {
  key: number;
  before: ShopOrder;
  after: ShopOrder;
  overwritten: boolean;
}

const clone = <T>(v: T): T => structuredClone(v);

export class FakeShop {
  readonly orders = new Map<number, ShopOrder>();
  down = false;
  faults: ShopFaults = NO_SHOP_FAULTS;
  readonly stats = { requests: 0, droppedRequests: 0, droppedAnswers: 0, refused: 0, windowEdits: 0, overwritten: 0 };
  /** Staff edits made in the window, in order. */
  readonly windowEdits: WindowEdit[] = [];
  /** Every request and what became of it (for the replay). */
  readonly trace: string[] = [];
  private nextId = 1;
  private lastStamp = 0;
  /** The run's current step (set by the run): sightings are stamped with it. */
  step = 0;
  /**
   * Every copy of each order our client was shown (GET one, a list page) or left behind (the order
   * as our POST, PUT or PATCH stored it, answered or not), by shop id: what the sync could know.
   */
  readonly sightings = new Map<number, { step: number; item: ShopOrder }[]>();
  /** The order our client read last with GET one (the window opens there and closes at the next request). */
  private lastRead: number | null = null;

  constructor(
    private readonly rng: Rng,
    private readonly now: () => Date,
    /** A staff edit of one order (the run decides what and records it); returns the edited order. */
    private readonly staffEdit: (order: ShopOrder) => ShopOrder | null,
  ) {}

  /** A strictly increasing `updated_at` on the virtual clock, as a shop stamps its writes. */
  stamp(): string {
    this.lastStamp = Math.max(this.now().getTime(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  /** Stores a new order as the shop does (its staff, or a POST): a new numeric id, stamped. */
  insert(body: Record<string, unknown>): ShopOrder {
    const order = { ...clone(body), id: this.nextId++, updated_at: this.stamp() } as ShopOrder;
    this.orders.set(order.id, order);
    return clone(order);
  }

  /** Replaces an order (PUT, a staff edit), stamped; the id stays. */
  replace(id: number, body: Record<string, unknown>): ShopOrder {
    const order = { ...clone(body), id, updated_at: this.stamp() } as ShopOrder;
    this.orders.set(id, order);
    return clone(order);
  }

  get(id: number): ShopOrder | undefined {
    const o = this.orders.get(id);
    return o ? clone(o) : undefined;
  }

  all(): ShopOrder[] {
    return [...this.orders.values()].map(clone).sort((a, b) => a.id - b.id);
  }

  /** The `fetch` the adapter's client uses. */
  fetch = async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    this.stats.requests++;
    const url = new URL(input instanceof Request ? input.url : String(input));
    const method = (init.method ?? 'GET').toUpperCase();
    const readBefore = this.lastRead;
    this.lastRead = null;
    if (this.down) {
      this.stats.refused++;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) });
    }
    if (this.rng.chance(this.faults.dropRequest)) {
      this.stats.droppedRequests++;
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }) });
    }
    const match = /^\/orders(?:\/(\d+))?$/.exec(url.pathname);
    if (!match) return json(404, { error: 'Not Found' });
    const id = match[1] ? Number(match[1]) : null;

    // The window: someone in the shop edits the order we have just read, before our write lands.
    let windowEdit: WindowEdit | null = null;
    if ((method === 'PUT' || method === 'PATCH') && id !== null && readBefore === id && this.rng.chance(this.faults.window)) {
      const before = this.get(id);
      const after = before ? this.staffEdit(before) : null;
      if (before && after) {
        windowEdit = { key: id, before, after, overwritten: false };
        this.windowEdits.push(windowEdit);
        this.stats.windowEdits++;
      }
    }

    const answer = this.handle(method, url, id, init.body);
    this.trace.push(`${method} ${url.pathname}${url.search} -> ${answer.status}${windowEdit ? ' (staff edit in the window first)' : ''}${typeof init.body === 'string' ? ` ${init.body.slice(0, 300)}` : ''}`);
    if (method === 'GET' && id !== null && answer.status === 200) this.lastRead = id;
    if (answer.status < 300) {
      const shown = method === 'GET' && id === null ? (answer.body as ShopOrder[]) : [answer.body as ShopOrder];
      for (const item of shown) this.sightings.set(item.id, [...(this.sightings.get(item.id) ?? []), { step: this.step, item: clone(item) }]);
    }
    if (windowEdit && answer.status < 300) {
      // Lost if our write put back any value the staff had just changed.
      const now = this.orders.get(windowEdit.key)!;
      const changed = Object.keys(windowEdit.after).filter((k) => k !== 'updated_at' && canonicalJson(windowEdit.after[k]) !== canonicalJson(windowEdit.before[k]));
      windowEdit.overwritten = changed.some((k) => canonicalJson(now[k]) !== canonicalJson(windowEdit.after[k]));
      if (windowEdit.overwritten) this.stats.overwritten++;
    }
    if (this.rng.chance(this.faults.dropAnswer)) {
      this.stats.droppedAnswers++;
      this.trace.push('  (answer lost)');
      throw new TypeError('fetch failed', { cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }) });
    }
    return json(answer.status, answer.body);
  };

  private handle(method: string, url: URL, id: number | null, rawBody: unknown): { status: number; body: unknown } {
    const body = (): Record<string, unknown> | null => {
      try {
        const parsed = JSON.parse(typeof rawBody === 'string' ? rawBody : '') as unknown;
        return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
      } catch {
        return null;
      }
    };
    if (id === null) {
      if (method === 'GET') return { status: 200, body: this.list(url.searchParams) };
      if (method === 'POST') {
        const b = body();
        return b ? { status: 201, body: this.insert(b) } : { status: 400, body: { error: 'body must be an object' } };
      }
      return { status: 404, body: {} };
    }
    const current = this.orders.get(id);
    if (!current) return { status: 404, body: {} };
    if (method === 'GET') return { status: 200, body: clone(current) };
    const b = body();
    if (!b) return { status: 400, body: { error: 'body must be an object' } };
    if (method === 'PUT') return { status: 200, body: this.replace(id, b) };
    if (method === 'PATCH') return { status: 200, body: this.replace(id, { ...clone(current), ...b }) };
    return { status: 404, body: {} };
  }

  /** json-server's list: filters by field equality and `_gte`, sorts by `_sort`, pages with `_page`/`_limit`. */
  private list(params: URLSearchParams): ShopOrder[] {
    let items = this.all();
    for (const [name, value] of params) {
      if (name.startsWith('_')) continue;
      if (name.endsWith('_gte')) {
        const field = name.slice(0, -4);
        items = items.filter((o) => text(o[field]) >= value);
      } else {
        items = items.filter((o) => text(o[name]) === value);
      }
    }
    const sort = params.get('_sort');
    if (sort) items.sort((a, b) => (String(a[sort]) < String(b[sort]) ? -1 : String(a[sort]) > String(b[sort]) ? 1 : 0));
    if (sort === 'id') items.sort((a, b) => a.id - b.id);
    const limit = Number(params.get('_limit') ?? 0);
    if (limit > 0) {
      const page = Math.max(1, Number(params.get('_page') ?? 1));
      items = items.slice((page - 1) * limit, page * limit);
    }
    return items;
  }
}

const text = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

const json = (status: number, body: unknown) =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
