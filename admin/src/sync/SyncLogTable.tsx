import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { RecordContextProvider, ReferenceField, TextField } from 'react-admin';
import type { SyncLogEntry } from '../dataProvider/model';
import { formatDateTime } from '../format';
import { ToneChip } from '../ui/ToneChip';
import { effectiveOutcome, logSentence, outcomeWords, technicalText } from '../words';
import { useRemoteLabel } from './useRemotes';
import { useSides } from './useSides';

/** The outcome in words with its icon; the technical record (seed states, versions, rule) in the tooltip. */
export const OutcomeChip = ({ entry }: { entry: SyncLogEntry }) => {
  const words = outcomeWords(effectiveOutcome(entry));
  return <ToneChip tone={words.tone} label={words.label} details={technicalText(entry)} data-outcome={entry.outcome} />;
};

/** What happened, as a sentence naming the remote it was with (its label). */
export const LogSentence = ({ entry }: { entry: SyncLogEntry }) => {
  const labelOf = useRemoteLabel();
  const { other } = useSides(entry.remote ? labelOf(entry.remote) : undefined);
  return <>{logSentence(entry, other)}</>;
};

/** A remote by its label; "here" for a local act (a resolution made on this instance). */
export const RemoteName = ({ name }: { name: string | null | undefined }) => {
  const labelOf = useRemoteLabel();
  return <>{name ? labelOf(name) : 'here'}</>;
};

/** The order of a log entry, by its code (the link opens the order). */
export const LogOrderField = ({ entry }: { entry: Pick<SyncLogEntry, 'orderId'> }) => (
  <RecordContextProvider value={entry}>
    <ReferenceField source="orderId" reference="orders" link="show" emptyText={entry.orderId.slice(0, 8)}>
      <TextField source="code" />
    </ReferenceField>
  </RecordContextProvider>
);

/** A compact table of sync log entries (dashboard, order page): when, which order, what happened. */
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
            <TableCell>When</TableCell>
            {showOrder && <TableCell>Order</TableCell>}
            <TableCell>What happened</TableCell>
            <TableCell>Outcome</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          {entries.map((entry) => (
            <TableRow key={entry.id} data-outcome={entry.outcome}>
              <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>{formatDateTime(entry.at)}</TableCell>
              {showOrder && (
                <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                  <LogOrderField entry={entry} />
                </TableCell>
              )}
              <TableCell sx={{ minWidth: 320, verticalAlign: 'top' }}>
                <LogSentence entry={entry} />
              </TableCell>
              <TableCell sx={{ whiteSpace: 'nowrap', verticalAlign: 'top' }}>
                <OutcomeChip entry={entry} />
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
};
