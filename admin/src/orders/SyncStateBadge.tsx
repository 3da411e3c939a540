import { useRecordContext } from 'react-admin';
import type { SyncedOrder, SyncStateName } from '../dataProvider/model';
import { useSides } from '../sync/useSides';
import { ToneChip } from '../ui/ToneChip';
import { seedName, SYNC_STATE_WORDS } from '../words';

/**
 * The sync state in plain words with an icon ("In sync", "Waiting to be sent", "Changed on both
 * sides"); the tooltip says what it means and the seed's name and code (ST_UPD = 2).
 */
export const SyncStateBadge = ({ state, 'data-testid': testId }: { state: SyncStateName | null | undefined; 'data-testid'?: string }) => {
  const { other } = useSides();
  if (!state) return null;
  const words = SYNC_STATE_WORDS[state];
  if (!words) return <ToneChip tone="neutral" label={state} />;
  return (
    <ToneChip
      tone={words.tone}
      label={words.label}
      data-sync-state={state}
      data-testid={testId}
      className="sync-state-badge"
      details={`${words.describe(other)} (${seedName(state)})`}
    />
  );
};

/** The badge of the order in the record context (lists, show page). */
export const SyncStateField = (_props: { label?: string }) => {
  const record = useRecordContext<SyncedOrder>();
  return <SyncStateBadge state={record?.sync?.state} />;
};

export default SyncStateBadge;
