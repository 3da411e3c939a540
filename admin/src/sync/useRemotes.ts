import { useQuery } from '@tanstack/react-query';
import { useDataProvider } from 'react-admin';
import { expectResult, type OrdersDataProvider } from '../dataProvider';
import type { SyncStatus } from '../dataProvider/model';
import { REFRESH_MS } from './useSides';

export const REMOTES_KEY = ['remotes'] as const;

/** Where the Sync page's log keeps its filters (react-admin's store): a removed remote is taken out of them. */
export const LOG_STORE_KEY = 'sync.syncLog';

/** The sync with every remote, refreshed every 3 s (one query for the whole app). */
export const useRemotes = () => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  return useQuery({
    queryKey: REMOTES_KEY,
    queryFn: async () => {
      const remotes = await dataProvider.remotes();
      if (!Array.isArray(remotes)) expectResult<{ remotes: SyncStatus[] }>(remotes, 'remotes');
      return remotes;
    },
    refetchInterval: REFRESH_MS,
  });
};

/** A remote's label by its name (the name itself while the list loads or for a removed remote). */
export const useRemoteLabel = () => {
  const { data } = useRemotes();
  return (name: string | null | undefined): string => (name ? (data?.find((r) => r.name === name)?.label ?? name) : '');
};
