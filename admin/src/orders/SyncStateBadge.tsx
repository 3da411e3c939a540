import { Chip, Tooltip, type ChipProps } from '@mui/material';
import { useRecordContext } from 'react-admin';
import type { SyncedOrder, SyncStateName } from '../dataProvider/types';

const STYLES: Record<SyncStateName, { bg: string; fg: string; title: string }> = {
  OK: { bg: '#2e7d32', fg: '#fff', title: 'In sync: the peer holds this version' },
  NEW: { bg: '#0277bd', fg: '#fff', title: 'Created here, not yet acknowledged by the peer' },
  UPD: { bg: '#f9a825', fg: '#000', title: 'Changed here, not yet acknowledged by the peer' },
  DEL: { bg: '#6d4c41', fg: '#fff', title: 'Deleted here, not yet acknowledged by the peer' },
  DEL_SYNCED: { bg: '#9e9e9e', fg: '#fff', title: 'Deleted on both sides' },
  COLLISION: { bg: '#c62828', fg: '#fff', title: 'Changed on both sides at once: resolve it' },
  ERROR: { bg: '#6a1b9a', fg: '#fff', title: 'An impossible combination arrived: resolve it' },
  ERROR_SYNCED: { bg: '#4a148c', fg: '#fff', title: 'The error is known to both sides: resolve it' },
  SYNC: { bg: '#455a64', fg: '#fff', title: 'Being applied' },
};

/** The sync state as a coloured badge whose text is the state's name (OK, NEW, UPD, ...). */
export const SyncStateBadge = ({ state, size = 'small', ...rest }: { state: SyncStateName | null | undefined } & Omit<ChipProps, 'label'>) => {
  if (!state) return null;
  const style = STYLES[state] ?? { bg: '#616161', fg: '#fff', title: state };
  return (
    <Tooltip title={style.title}>
      <Chip
        label={state}
        size={size}
        data-sync-state={state}
        className="sync-state-badge"
        sx={{ backgroundColor: style.bg, color: style.fg, fontWeight: 600, letterSpacing: 0.3 }}
        {...rest}
      />
    </Tooltip>
  );
};

/** The badge of the order in the record context (lists, show page). */
export const SyncStateField = (_props: { label?: string }) => {
  const record = useRecordContext<SyncedOrder>();
  return <SyncStateBadge state={record?.sync?.state} />;
};

export default SyncStateBadge;
