import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { expectResult, type OrdersDataProvider } from '../dataProvider';
import type { SyncStatusQuery } from '../gql/graphql';
import { useInstance } from '../instance';

export const SYNC_STATUS_KEY = ['syncStatus'] as const;
export const REFRESH_MS = 3000;

/** The sync's status and peer, refreshed every 3 s (one query for the whole app). */
export const useSyncStatus = () => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  return useQuery({ queryKey: SYNC_STATUS_KEY, queryFn: async () => expectResult<SyncStatusQuery>(await dataProvider.syncStatus(), 'syncStatus'), refetchInterval: REFRESH_MS });
};

export interface Sides {
  /** This instance: "A". */
  here: string;
  /** This instance in a choice: "A (this one)". */
  hereLong: string;
  /** The other side: its instance name ("B"), or "the other side" when it is not known. */
  other: string;
  /** Whether the other side's name is known. */
  otherKnown: boolean;
}

/**
 * The names of the two sides of the sync, for the pages that compare them. With several remotes
 * (one peer today), the caller passes the remote's name instead of asking for the peer's.
 */
export function useSides(remoteName?: string | null): Sides {
  const instance = useInstance();
  const { data } = useSyncStatus();
  const peer = remoteName ?? data?.syncPeer.name ?? null;
  return {
    here: instance.name,
    hereLong: `${instance.name} (this one)`,
    other: peer ?? 'the other side',
    otherKnown: peer !== null,
  };
}
