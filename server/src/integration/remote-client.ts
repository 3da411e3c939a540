import type { MessageResult } from './inbound.js';
import type { SyncMessage } from './message.js';
import { feedReadQuery, TransportError, type PeerTransport, type PulledPage } from './transport.js';

const PUSH_TIMEOUT_MS = 30_000;

/** The peer's Orders API over HTTP: only GET (the change feed) and POST (sync messages). */
export class RemoteClient implements PeerTransport {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async push(messages: SyncMessage[]): Promise<MessageResult[]> {
    const body = (await this.request(`${this.baseUrl.replace(/\/$/, '')}/_sync`, {
      method: 'POST',
      body: JSON.stringify({ messages }),
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    })) as { results?: MessageResult[] };
    if (!Array.isArray(body.results) || body.results.length !== messages.length) {
      throw new TransportError('the peer answered without one result per message', false);
    }
    return body.results;
  }

  async pull(since: string | undefined, limit: number, waitSeconds: number, signal?: AbortSignal, full?: boolean): Promise<PulledPage> {
    const url = new URL(this.baseUrl);
    for (const [key, value] of Object.entries(feedReadQuery(since, full))) url.searchParams.set(key, value);
    url.searchParams.set('limit', String(limit));
    url.searchParams.set('wait', String(waitSeconds));
    const timeout = AbortSignal.timeout((waitSeconds + 15) * 1000);
    return (await this.request(url.toString(), {
      method: 'GET',
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    })) as PulledPage;
  }

  private async request(url: string, init: RequestInit): Promise<unknown> {
    let res: Response;
    try {
      res = await fetch(url, {
        ...init,
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', accept: 'application/json' },
      });
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new TransportError(`cannot reach the peer: ${(err as Error).cause ? String((err as Error & { cause: unknown }).cause) : (err as Error).message}`, false);
    }
    const text = await res.text();
    if (!res.ok) {
      const permanent = res.status >= 400 && res.status < 500 && res.status !== 409 && res.status !== 429 && res.status !== 408;
      let message = text.slice(0, 300);
      let code: string | undefined;
      try {
        const error = (JSON.parse(text) as { error?: { message?: string; code?: string } }).error;
        message = error?.message ?? message;
        code = typeof error?.code === 'string' ? error.code : undefined;
      } catch {
        // not JSON: keep the text
      }
      throw new TransportError(`peer answered ${res.status}: ${message}`, permanent, res.status, code);
    }
    try {
      return JSON.parse(text);
    } catch {
      throw new TransportError('the peer answered with something that is not JSON', false, res.status);
    }
  }
}
