import AddIcon from '@mui/icons-material/Add';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  MenuItem,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField as MuiTextField,
  Typography,
} from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import {
  DataTable,
  Link,
  List,
  Pagination,
  SelectInput,
  TextInput,
  Title,
  useDataProvider,
  useGetList,
  useNotify,
  useRecordContext,
} from 'react-admin';
import type { DeadLetter, OrdersDataProvider } from '../dataProvider';
import type { SyncLogEntry } from '../dataProvider/model';
import { formatDateTime } from '../format';
import { OUTCOME_WORDS } from '../words';
import { RemotePanel } from './RemotePanel';
import { LogOrderField, LogSentence, OutcomeChip, RemoteName } from './SyncLogTable';
import { LOG_STORE_KEY, REMOTES_KEY, useRemoteLabel, useRemotes } from './useRemotes';
import { REFRESH_MS, SYNC_STATUS_KEY } from './useSides';

const Section = ({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) => (
  <Card variant="outlined" sx={{ mb: 2 }} component="section" aria-label={title}>
    <CardHeader title={title} action={action} slotProps={{ title: { variant: 'h6', component: 'h2' } }} sx={{ pb: 0 }} />
    <CardContent>{children}</CardContent>
  </Card>
);

/** Messages parked after a permanent failure: Retry / Discard, per row and for all. */
const DeadLettersSection = () => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const labelOf = useRemoteLabel();
  const { data: remotes } = useRemotes();
  const [chosen, setRemote] = useState('');
  // A remote removed meanwhile is no filter any more (asking for it would be a 404).
  const remote = remotes?.some((r) => r.name === chosen) ? chosen : '';
  const { data, total, error, refetch } = useGetList<DeadLetter>(
    'deadLetters',
    { pagination: { page: 1, perPage: 100 }, filter: remote ? { remote } : {} },
    { refetchInterval: REFRESH_MS },
  );

  const act = useMutation({
    mutationFn: ({ action, ids, remote: only }: { action: 'retry' | 'discard'; ids?: string[]; remote?: string }) =>
      action === 'retry' ? dataProvider.retryDeadLetters(ids, only) : dataProvider.discardDeadLetters(ids, only),
    onSuccess: async (count, { action }) => {
      notify(`${count} dead letter${count === 1 ? '' : 's'} ${action === 'retry' ? 'queued to be sent again' : 'discarded'}`, { type: 'info' });
      await refetch();
      await queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY });
      await queryClient.invalidateQueries({ queryKey: REMOTES_KEY });
    },
    onError: (e: Error) => notify(e.message, { type: 'error' }),
  });

  const rows = data ?? [];
  return (
    <Section
      title={`Dead letters (${total ?? 0})`}
      action={
        <Stack direction="row" sx={{ gap: 1, alignItems: 'center' }}>
          <MuiTextField
            select
            size="small"
            label="Remote"
            value={remote}
            onChange={(e) => setRemote(e.target.value)}
            sx={{ minWidth: 180 }}
            slotProps={{ htmlInput: { 'data-testid': 'dead-letters-remote' } }}
          >
            <MenuItem value="">Any</MenuItem>
            {(remotes ?? []).map((r) => (
              <MenuItem key={r.name} value={r.name}>
                {r.label}
              </MenuItem>
            ))}
          </MuiTextField>
          <Button size="small" disabled={!rows.length || act.isPending} onClick={() => act.mutate({ action: 'retry', remote: remote || undefined })}>
            Retry all
          </Button>
          <Button
            size="small"
            color="error"
            disabled={!rows.length || act.isPending}
            onClick={() => act.mutate({ action: 'discard', remote: remote || undefined })}
          >
            Discard all
          </Button>
        </Stack>
      }
    >
      {error && <Alert severity="error">{error.message}</Alert>}
      {!rows.length ? (
        <Typography variant="body2" color="text.secondary">
          No dead letters.
        </Typography>
      ) : (
        <Table size="small" aria-label="Dead letters">
          <TableHead>
            <TableRow>
              <TableCell>Remote</TableCell>
              <TableCell>Order</TableCell>
              <TableCell>Attempts</TableCell>
              <TableCell>Last error</TableCell>
              <TableCell>Queued</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((dl) => (
              <TableRow key={dl.id} data-order-id={dl.orderId} data-remote={dl.remote}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{labelOf(dl.remote)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <LogOrderField entry={{ orderId: dl.orderId }} />
                </TableCell>
                <TableCell>{dl.attempts}</TableCell>
                <TableCell sx={{ maxWidth: 480, wordBreak: 'break-word' }}>{dl.lastError ?? ''}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(dl.enqueuedAt)}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" disabled={act.isPending} onClick={() => act.mutate({ action: 'retry', ids: [dl.orderId], remote: dl.remote })}>
                    Retry
                  </Button>
                  <Button size="small" color="error" disabled={act.isPending} onClick={() => act.mutate({ action: 'discard', ids: [dl.orderId], remote: dl.remote })}>
                    Discard
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
};

const OUTCOME_CHOICES = Object.entries(OUTCOME_WORDS).map(([id, words]) => ({ id, name: words.label }));

const DIRECTION_CHOICES = [
  { id: 'in', name: 'Received' },
  { id: 'out', name: 'Sent' },
  { id: 'local', name: 'Here (resolutions)' },
];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const logFilters = (remotes: { id: string; name: string }[]) => [
  <SelectInput key="remote" source="remote" label="Remote" choices={remotes} alwaysOn emptyText="Any" />,
  <SelectInput key="direction" source="direction" label="Direction" choices={DIRECTION_CHOICES} alwaysOn emptyText="Any" />,
  <SelectInput key="outcome" source="outcome" label="Outcome" choices={OUTCOME_CHOICES} alwaysOn emptyText="Any" />,
  <TextInput
    key="orderId"
    source="orderId"
    label="Order id"
    alwaysOn
    validate={(value: string) => (value && !UUID.test(value.trim()) ? 'An order id is a UUID' : undefined)}
  />,
];

const Col = DataTable.Col<SyncLogEntry>;

const LogOrderCell = () => {
  const entry = useRecordContext<SyncLogEntry>();
  return entry ? <LogOrderField entry={entry} /> : null;
};

/** Every message sent and received, newest first, with filters (the remote among them) and pages. */
const SyncLogSection = () => {
  const { data: remotes } = useRemotes();
  const choices = (remotes ?? []).map((r) => ({ id: r.name, name: r.label }));
  return (
  <Section title="Sync log">
    <List
      resource="syncLog"
      title={false}
      actions={false}
      filters={logFilters(choices)}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50, 100]} />}
      queryOptions={{ refetchInterval: REFRESH_MS }}
      disableSyncWithLocation
      storeKey={LOG_STORE_KEY}
      empty={false}
      sx={{ '& .RaList-main': { boxShadow: 'none' } }}
    >
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Col source="at" label="When" disableSort render={(e) => formatDateTime(e.at)} sx={{ whiteSpace: 'nowrap' }} />
        <Col source="remote" label="Remote" disableSort render={(e) => <RemoteName name={e.remote} />} sx={{ whiteSpace: 'nowrap' }} />
        <Col source="orderId" label="Order" disableSort sx={{ whiteSpace: 'nowrap' }}>
          <LogOrderCell />
        </Col>
        <Col label="What happened" disableSort render={(e) => <LogSentence entry={e} />} sx={{ minWidth: 320 }} />
        <Col source="outcome" label="Outcome" disableSort render={(e) => <OutcomeChip entry={e} />} sx={{ whiteSpace: 'nowrap' }} />
      </DataTable>
    </List>
  </Section>
  );
};

/** /sync: one panel per remote (state, catch-up, controls), Add a remote, dead letters and the log; refreshed every 3 s. */
export const SyncPage = () => {
  const { data, error, isPending } = useRemotes();
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Sync" />
      <Stack direction="row" sx={{ mb: 2, justifyContent: 'space-between', alignItems: 'center', gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="h5" component="h1">
          Sync
        </Typography>
        <Button component={Link} to="/sync/remotes/create" variant="contained" startIcon={<AddIcon />}>
          Add a remote
        </Button>
      </Stack>
      {error && <Alert severity="error" sx={{ mb: 2 }}>{error.message}</Alert>}
      {isPending && <Typography>Loading…</Typography>}
      {data && !data.length && (
        <Alert severity="info" sx={{ mb: 2 }}>
          No remotes: this instance syncs with nothing. Add a remote to sync with another instance or a shop.
        </Alert>
      )}
      {data?.map((status) => <RemotePanel key={status.name} status={status} />)}
      <DeadLettersSection />
      <SyncLogSection />
    </Box>
  );
};

export default SyncPage;
