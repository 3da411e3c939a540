import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { useListContext } from 'react-admin';
import { NEEDS_RESOLUTION } from '../dataProvider/model';
import { SYNC_STATUS_KEY, useSyncStatus } from '../sync/useSides';

/** Orders waiting for an admin (changed on both sides, or in error), from the sync status. */
export function useCollisionCount(): number | undefined {
  const { data } = useSyncStatus();
  return data?.syncStatus.ordersByState.filter((c) => NEEDS_RESOLUTION.includes(c.state)).reduce((sum, c) => sum + c.count, 0);
}

/** After a resolution or a save: the menu's count and the collisions list are asked again at once. */
export function useInvalidateCollisions(): () => Promise<void> {
  const queryClient = useQueryClient();
  return async () => {
    await Promise.all([queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY }), queryClient.invalidateQueries({ queryKey: ['collisions'] })]);
  };
}

/**
 * Inside a list that refreshes itself: each new page of data (which may show an order newly in
 * collision) refreshes the menu's count too, so the two never disagree for long.
 */
export const FollowCollisionCount = () => {
  const { data } = useListContext();
  const invalidate = useInvalidateCollisions();
  useEffect(() => {
    if (data) void invalidate();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data]);
  return null;
};
