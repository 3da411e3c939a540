import LinkHeader from 'http-link-header';
import { TransportError } from '../transport.js';
import { getPath } from './rest-paths.js';
import type { RestSettings } from './rest-settings.js';

/**
 * HTTP to a plain Orders REST API: list (one page), get one, create, update. Only GET, POST and PUT.
 * Failures are TransportErrors: `permanent` for a 4xx other than 408, 409 and 429 (the same request
 * cannot succeed). A 412 Precondition Failed on update is not a failure but the sign of another
 * writer, returned as `{ conflict: true }` so the caller reads the order again.
 */

/** Where the next list page starts; null: the first page. */
export type PageState = { page: number } | { offset: number } | { cursor: string } | { url: string };

export interface ListPage {
  items: unknown[];
  /** Where the following page starts; null after the last page. */
  next: PageState | null;
}

export interface RestClientOptions {
  baseUrl: string;
  token?: string;
  settings: RestSettings;
  signal?: AbortSignal;
  /** The HTTP client (default: the global fetch); the fault simulation passes an in-process shop. */
  fetch?: typeof fetch;
}

export type UpdateResult = { ok: true; item: unknown } | { ok: false; conflict: true };

const isTimeout = (err: unknown) => err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError');

export class RestClient {
  private readonly base: URL;

  constructor(private readonly options: RestClientOptions) {
    this.base = new URL(options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`);
  }

  private get settings(): RestSettings {
    return this.options.settings;
  }

  /** A path of the mapping, with `{id}` filled in, under the remote's URL (which may have a path of its own). */
  url(path: string, key?: string): URL {
    const filled = key === undefined ? path : path.replaceAll('{id}', encodeURIComponent(key));
    return new URL(filled.replace(/^\//, ''), this.base);
  }

  /** One page of the list; `since` is the changed-since value to ask from (already formatted), if any. */
  async list(state: PageState | null, since: string | null, signal?: AbortSignal): Promise<ListPage> {
    const s = this.settings;
    const paging = s.paging;
    let url: URL;
    if (state && 'url' in state) {
      url = new URL(state.url);
      // The token is only ever sent to the remote's own origin.
      if (url.origin !== this.base.origin) throw new TransportError(`the next page link leads elsewhere (${url.origin})`, true);
    } else {
      url = this.url(s.paths.list);
      for (const [name, value] of Object.entries(s.listParams)) url.searchParams.set(name, value);
      if (since !== null && s.changedSince) url.searchParams.set(s.changedSince.param, since);
      if (paging.style !== 'none' && 'limitParam' in paging && paging.limitParam) url.searchParams.set(paging.limitParam, String(paging.limit));
      if (paging.style === 'page') url.searchParams.set(paging.pageParam, String(state && 'page' in state ? state.page : paging.firstPage));
      if (paging.style === 'offset') url.searchParams.set(paging.offsetParam, String(state && 'offset' in state ? state.offset : 0));
      if (paging.style === 'cursor' && state && 'cursor' in state) url.searchParams.set(paging.cursorParam, state.cursor);
    }
    const res = await this.send('GET', url, undefined, {}, signal);
    const body = await this.json(res, url);
    const items = getPath(body, s.itemsPath);
    if (!Array.isArray(items)) {
      throw new TransportError(`the list answer has no array at ${s.itemsPath ? `itemsPath "${s.itemsPath}"` : 'its top (itemsPath "")'}`, true, res.status);
    }
    return { items, next: this.nextPage(state, items.length, body, res, url) };
  }

  private nextPage(state: PageState | null, count: number, body: unknown, res: Response, url: URL): PageState | null {
    const paging = this.settings.paging;
    switch (paging.style) {
      case 'none':
        return null;
      case 'page': {
        // A full page may have a successor; a short one is the last.
        const page = state && 'page' in state ? state.page : paging.firstPage;
        return count >= paging.limit ? { page: page + 1 } : null;
      }
      case 'offset': {
        const offset = state && 'offset' in state ? state.offset : 0;
        return count >= paging.limit ? { offset: offset + count } : null;
      }
      case 'cursor': {
        const next = getPath(body, paging.nextCursorPath);
        if (typeof next === 'number') return { cursor: String(next) };
        return typeof next === 'string' && next !== '' ? { cursor: next } : null;
      }
      case 'link': {
        const header = res.headers.get('link');
        if (!header) return null;
        const next = LinkHeader.parse(header).rel('next')[0];
        return next ? { url: new URL(next.uri, url).toString() } : null;
      }
    }
  }

  /** One order and its ETag; null when the remote answers 404. */
  async get(key: string, signal?: AbortSignal): Promise<{ item: unknown; etag: string | null } | null> {
    const url = this.url(this.settings.paths.one, key);
    const res = await this.send('GET', url, undefined, {}, signal, [404]);
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    return { item: await this.json(res, url), etag: res.headers.get('etag') };
  }

  /** Orders whose `ourIdField` holds our id (a create whose answer was lost is found again with it). */
  async findByOurId(orderId: string, signal?: AbortSignal): Promise<unknown[]> {
    const s = this.settings;
    if (!s.ourIdField) return [];
    const url = this.url(s.paths.list);
    url.searchParams.set(s.ourIdParam ?? s.ourIdField, orderId);
    const res = await this.send('GET', url, undefined, {}, signal);
    const items = getPath(await this.json(res, url), s.itemsPath);
    // The filter is the remote's; check it held, so a remote ignoring the parameter matches nothing wrongly.
    return Array.isArray(items) ? (items as unknown[]).filter((item) => getPath(item, s.ourIdField!) === orderId) : [];
  }

  async create(body: unknown, signal?: AbortSignal): Promise<unknown> {
    const url = this.url(this.settings.paths.create);
    const res = await this.send('POST', url, body, {}, signal);
    return this.json(res, url);
  }

  async update(key: string, body: unknown, ifMatch: string | null, signal?: AbortSignal): Promise<UpdateResult> {
    const url = this.url(this.settings.paths.update, key);
    const expectConflict = this.settings.concurrency.style === 'versionField' ? [412, 409] : [412];
    const res = await this.send('PUT', url, body, ifMatch ? { 'if-match': ifMatch } : {}, signal, expectConflict);
    if (expectConflict.includes(res.status)) {
      await res.body?.cancel();
      return { ok: false, conflict: true };
    }
    return { ok: true, item: res.status === 204 ? null : await this.json(res, url) };
  }

  private async send(method: string, url: URL, body: unknown, headers: Record<string, string>, signal?: AbortSignal, expected: number[] = []): Promise<Response> {
    const timeout = AbortSignal.timeout(this.settings.timeoutMs);
    const signals = [timeout, signal, this.options.signal].filter((s): s is AbortSignal => !!s);
    let res: Response;
    try {
      res = await (this.options.fetch ?? fetch)(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(this.options.token ? { authorization: `Bearer ${this.options.token}` } : {}),
          ...headers,
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.any(signals),
        redirect: 'error',
      });
    } catch (err) {
      if (signal?.aborted || this.options.signal?.aborted) throw err;
      const why = isTimeout(err) ? `no answer within ${this.settings.timeoutMs} ms` : causeOf(err);
      throw new TransportError(`${method} ${url.pathname}: ${why}`, false);
    }
    if (res.ok || expected.includes(res.status)) return res;
    const message = await messageOf(res);
    const permanent = res.status >= 400 && res.status < 500 && ![408, 409, 429].includes(res.status);
    throw new TransportError(`${method} ${url.pathname} answered ${res.status}${message ? `: ${message}` : ''}`, permanent, res.status);
  }

  private async json(res: Response, url: URL): Promise<unknown> {
    const text = await res.text();
    try {
      return text === '' ? null : (JSON.parse(text) as unknown);
    } catch {
      throw new TransportError(`${url.pathname} answered ${res.status} with something that is not JSON`, false, res.status);
    }
  }
}

function causeOf(err: unknown): string {
  const cause = err instanceof Error && err.cause instanceof Error ? err.cause : err;
  const code = cause && typeof cause === 'object' && 'code' in cause ? String(cause.code) : '';
  return code || (cause instanceof Error ? cause.message : String(cause));
}

/** The remote's own words for a refusal: `error.message`, `message`, `error`, or the start of the text. */
async function messageOf(res: Response): Promise<string | null> {
  let text: string;
  try {
    text = await res.text();
  } catch {
    return null;
  }
  try {
    const body = JSON.parse(text) as unknown;
    for (const path of ['error.message', 'message', 'error', 'detail', 'title']) {
      const value = getPath(body, path);
      if (typeof value === 'string' && value) return value.slice(0, 300);
    }
  } catch {
    // Not JSON: the text itself.
  }
  return text.trim().slice(0, 300) || null;
}
