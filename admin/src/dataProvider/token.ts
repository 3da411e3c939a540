/**
 * Where the admin keeps its session (GraphQL `login`): one localStorage key, shared with the
 * GraphQL playground (/graphiql), which sends the same token.
 */
export const TOKEN_KEY = 'orders-admin.session';

export interface StoredSession {
  token: string;
  username: string;
  expiresAt: string;
}

export function readSession(): StoredSession | null {
  try {
    const raw = localStorage.getItem(TOKEN_KEY);
    if (!raw) return null;
    const session = JSON.parse(raw) as Partial<StoredSession>;
    if (typeof session.token !== 'string' || !session.token) return null;
    if (session.expiresAt && Date.parse(session.expiresAt) <= Date.now()) return null;
    return { token: session.token, username: session.username ?? 'admin', expiresAt: session.expiresAt ?? '' };
  } catch {
    return null;
  }
}

export const readToken = (): string | null => readSession()?.token ?? null;

export function writeSession(session: StoredSession): void {
  localStorage.setItem(TOKEN_KEY, JSON.stringify(session));
}

export function clearSession(): void {
  localStorage.removeItem(TOKEN_KEY);
}
