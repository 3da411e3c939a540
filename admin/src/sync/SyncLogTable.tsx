import { Box, Chip, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { RecordContextProvider, ReferenceField, TextField } from 'react-admin';
import type { SyncLogEntry } from '../dataProvider/types';
import { formatDateTime } from './format';

const OUTCOME_COLORS: Record<string, 'success' | 'info' | 'warning' | 'error' | 'default'> = {
  applied: 'success',
  acknowledged: 'success',
  delivered: 'success',
  resolved: 'success',
  duplicate: 'default',
  stale: 'default',
  collision: 'error',
  error: 'error',
  error_synced: 'error',
  rejected: 'error',
  failed: 'warning',
  dead: 'error',
};

export const OutcomeChip = ({ outcome }: { outcome: string }) => (
  <Chip label={outcome} size="small" variant="outlined" color={OUTCOME_COLORS[outcome] ?? 'default'} />
);

/** "UPD v5 b4": the message's state, version and base, as one text (not a badge, so a page's badges stay unique). */
export const messageText = (entry: Pick<SyncLogEntry, 'messageState' | 'version' | 'base'>): string =>
  [entry.messageState ?? '—', entry.version !== null ? `v${entry.version}` : '', entry.base !== null ? `b${entry.base}` : ''].filter(Boolean).join(' ');

const DIRECTION_TEXT: Record<string, string> = { in: '← in', out: '→ out', local: '• local' };
export const directionText = (direction: string) => DIRECTION_TEXT[direction] ?? direction;

/** The order of a log entry, by its code (the link opens the order). */
export const LogOrderField = ({ entry }: { entry: SyncLogEntry }) => (
  <RecordContextProvider value={entry}>
    <ReferenceField source="orderId" reference="orders" link="show" emptyText={entry.orderId.slice(0, 8)}>
      <TextField source="code" />
    </ReferenceField>
  </RecordContextProvider>
);

/** A compact table of sync log entries (dashboard, order page). */
export const SyncLogTable = ({ entries, showOrder = true, empty = 'No sync activity yet.' }: { entries: SyncLogEntry[]; showOrder?: boolean; empty?: string }) => {
  if (!entries.length) {
    return (
      <Typography variant="body2" color="text.secondary" sx={{ p: 2 }}>
        {empty}
      </Typography>
    );
  }
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table size="small" aria-label="Sync log">
        <TableHead>
          <TableRow>
            <TableCell>At</TableCell>
            <TableCell>Direction</TableCell>
            {showOrder && <TableCell>Order</TableCell>}
            <TableCell>Message</TableCell>
            <TableCell>State</TableCell>
            <TableCell>Outcome</TableCell>
            <TableCell>Detail</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id} data-outcome={entry.outcome}>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{directionText(entry.direction)}</TableCell>
              {showOrder && (
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <LogOrderField entry={entry} />
                </TableCell>
              )}
              <TableCell sx={{ whiteSpace: 'nowrap' }}>{messageText(entry)}</TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap' }}>
                {entry.stateBefore ?? '—'} → {entry.stateAfter ?? '—'}
              </TableCell>
              <TableCell>
                <OutcomeChip outcome={entry.outcome} />
              </TableCell>
              <TableCell sx={{ maxWidth: 420, wordBreak: 'break-word' }}>
                <Typography variant="body2">{entry.detail ?? ''}</Typography>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
