import type { AuthProvider } from 'react-admin';
import { HttpError } from 'react-admin';
import { gql } from './dataProvider/client';
import { LOGIN, LOGOUT } from './dataProvider/documents';
import { clearSession, readSession, writeSession } from './dataProvider/token';

/**
 * Admin login through GraphQL `login(username, password)`; the session token is kept in
 * localStorage (the GraphQL playground reads it too). Any 401 (UNAUTHENTICATED) sends the admin
 * back to the login page.
 */
export const authProvider: AuthProvider = {
  async login({ username, password }: { username: string; password: string }) {
    clearSession();
    try {
      const { login } = await gql(LOGIN, { username, password });
      writeSession({ token: login.token, username: login.username, expiresAt: login.expiresAt });
    } catch (err) {
      // The login form shows the message as it is ("Wrong user name or password", too many attempts...).
      throw new Error(err instanceof Error ? err.message : 'Login failed', { cause: err });
    }
  },

  async logout() {
    const session = readSession();
    if (session) {
      // Ends the session on the server; a token that is already invalid is no reason to stay logged in.
      await gql(LOGOUT).catch(() => undefined);
    }
    clearSession();
  },

  async checkAuth() {
    // To the login page, without a notification: a visitor who has not logged in needs none.
    // eslint-disable-next-line @typescript-eslint/only-throw-error -- react-admin's protocol: `message: false`, not an Error
    if (!readSession()) throw { message: false };
  },

  async checkError(error: unknown) {
    const status: unknown = error instanceof HttpError ? error.status : (error as { status?: number } | null)?.status;
    if (status === 401) {
      const hadSession = readSession() !== null;
      clearSession();
      // A session the server no longer knows (expired, logged out elsewhere, server reset) is worth a word.
      // eslint-disable-next-line @typescript-eslint/only-throw-error -- react-admin's protocol, as in checkAuth
      throw hadSession ? new Error('Your session has ended: log in again') : { message: false };
    }
  },

  async getIdentity() {
    const session = readSession();
    if (!session) throw new Error('Not logged in');
    return { id: session.username, fullName: session.username };
  },

  async getPermissions() {
    return 'admin';
  },
};
