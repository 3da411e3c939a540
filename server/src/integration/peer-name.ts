/**
 * The peer's instance name ("B"), for the admin to say "A (this one)" and "B" instead of "ours"
 * and "theirs". The peer tells it on its GET /healthz (no token needed), at the origin of the
 * remote URL. Asked at most once a minute; a peer that does not answer, or a remote that is not a
 * copy of this service, gives null and the admin falls back to "the other side".
 */

const ANSWER_TTL_MS = 60_000;
const FAILURE_TTL_MS = 10_000;
const TIMEOUT_MS = 2_000;

/** http://host:4002/api/orders -> http://host:4002/healthz; null for anything that is not http(s). */
export function healthzUrl(remoteUrl: string): string | null {
  try {
    const url = new URL(remoteUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
    return new URL('/healthz', url.origin).href;
  } catch {
    return null;
  }
}

/** The `instance` of a /healthz answer, if it is a name as INSTANCE_NAME allows. */
export function instanceNameOf(body: unknown): string | null {
  const name = (body as { instance?: unknown } | null)?.instance;
  return typeof name === 'string' && /^[A-Za-z0-9_-]{1,32}$/.test(name) ? name : null;
}

export class PeerNameLookup {
  private cached: { url: string; name: string | null; until: number } | null = null;
  private pending: Promise<string | null> | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  async nameOf(remoteUrl: string | null): Promise<string | null> {
    if (!remoteUrl) return null;
    const url = healthzUrl(remoteUrl);
    if (!url) return null;
    if (this.cached?.url === url && this.cached.until > this.now()) return this.cached.name;
    // One request at a time, however many admins ask.
    this.pending ??= this.ask(url).finally(() => (this.pending = null));
    return this.pending;
  }

  private async ask(url: string): Promise<string | null> {
    let name: string | null;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS), headers: { accept: 'application/json' } });
      name = res.ok ? instanceNameOf(await res.json()) : null;
    } catch {
      name = null;
    }
    this.cached = { url, name, until: this.now() + (name ? ANSWER_TTL_MS : FAILURE_TTL_MS) };
    return name;
  }
}
