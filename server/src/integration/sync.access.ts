import type { AccessRule } from '../auth/access.js';

/**
 * Who may use the sync's operations. Administering the sync (status, log, dead letters, pause,
 * settings, collisions) and reading an order's sync state are for the admin alone: a client that
 * could change the peer URL could collect every order and the peer's token. Only the peer may
 * deliver sync messages.
 */
export const SYNC_ADMIN: AccessRule = ['admin'];

export const PEER_ONLY: AccessRule = ['peer'];
