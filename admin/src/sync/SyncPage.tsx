import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
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
import { useState, type FormEvent, type ReactNode } from 'react';
import {
  DataTable,
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
import { expectResult, type DeadLetter, type OrdersDataProvider } from '../dataProvider';
import type { SyncLogEntry, SyncStatus } from '../dataProvider/model';
import type { SyncStatusQuery } from '../gql/graphql';
import { formatDateTime } from '../format';
import { OUTCOME_WORDS } from '../words';
import { LogOrderField, LogSentence, OutcomeChip } from './SyncLogTable';
import { StateCounts, SyncHealth } from './SyncStatusView';
import { REFRESH_MS, SYNC_STATUS_KEY, useSides, useSyncStatus } from './useSides';

const Section = ({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) => (
  <Card variant="outlined" sx={{ mb: 2 }} component="section" aria-label={title}>
    <CardHeader title={title} action={action} slotProps={{ title: { variant: 'h6', component: 'h2' } }} sx={{ pb: 0 }} />
    <CardContent>{children}</CardContent>
  </Card>
);

/** Puts a new status (from pause, resume or settings) into the shared sync status query. */
const useSetStatus = () => {
  const queryClient = useQueryClient();
  return (next: SyncStatus) => {
    const status = expectResult<SyncStatus>(next, 'ordersByState');
    queryClient.setQueryData<SyncStatusQuery>(SYNC_STATUS_KEY, (old) => (old ? { ...old, syncStatus: status } : old));
  };
};

/**
 * One remote: its state, Pause sync / Resume sync, the orders per sync state. Today an instance has
 * one remote (the peer); with several, the page shows one of these per remote, titled with its name.
 */
const RemotePanel = ({ status, name }: { status: SyncStatus; name: string }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const setStatus = useSetStatus();
  const notify = useNotify();
  const toggle = useMutation({
    mutationFn: (pause: boolean) => (pause ? dataProvider.pauseSync() : dataProvider.resumeSync()),
    onSuccess: (next, pause) => {
      setStatus(next);
      notify(pause ? `Sync with ${name} paused: changes wait here until it is resumed` : `Sync with ${name} resumed`, { type: 'info' });
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });
  const paused = status.state === 'paused';
  const action = paused ? (
    <Button variant="contained" startIcon={<PlayArrowIcon />} disabled={toggle.isPending} onClick={() => toggle.mutate(false)}>
      Resume sync
    </Button>
  ) : (
    <Button variant="outlined" startIcon={<PauseIcon />} disabled={toggle.isPending} onClick={() => toggle.mutate(true)}>
      Pause sync
    </Button>
  );
  return (
    <Section title={`Sync with ${name}`} action={action}>
      <SyncHealth status={status} />
      <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 1 }}>
        Orders per sync state
      </Typography>
      <StateCounts status={status} />
    </Section>
  );
};

/** Remote URL and token (updateSyncSettings). The token is never read back, only whether one is set. */
const SettingsSection = ({ status }: { status: SyncStatus }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const setStatus = useSetStatus();
  const notify = useNotify();
  // What the admin typed; null follows the server's value (until the admin starts typing).
  const [draftUrl, setDraftUrl] = useState<string | null>(null);
  const remoteUrl = draftUrl ?? status.remoteUrl ?? '';
  const [remoteToken, setRemoteToken] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});

  const save = useMutation({
    mutationFn: () => {
      const settings: { remoteUrl?: string | null; remoteToken?: string | null } = {};
      const url = remoteUrl.trim();
      if (url !== (status.remoteUrl ?? '')) settings.remoteUrl = url === '' ? null : url;
      if (remoteToken.trim() !== '') settings.remoteToken = remoteToken.trim();
      return dataProvider.updateSyncSettings(settings);
    },
    onSuccess: (next) => {
      setStatus(next);
      setRemoteToken('');
      setDraftUrl(null);
      setFieldErrors({});
      notify('Sync settings saved', { type: 'success' });
    },
    onError: (error: Error & { body?: { errors?: Record<string, unknown> } }) => {
      const errors = error.body?.errors ?? {};
      const fields = Object.fromEntries(Object.entries(errors).filter(([, v]) => typeof v === 'string')) as Record<string, string>;
      setFieldErrors(fields);
      // Field problems show on their fields only.
      notify(Object.keys(fields).length ? 'Not saved: correct the fields marked in red' : error.message, { type: 'error' });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    save.mutate();
  };

  return (
    <Section title="Remote">
      <Box component="form" onSubmit={submit} noValidate aria-label="Remote settings">
        <Stack direction={{ xs: 'column', md: 'row' }} sx={{ gap: 2, alignItems: { md: 'flex-start' } }}>
          <MuiTextField
            label="Remote URL"
            value={remoteUrl}
            onChange={(e) => {
              setDraftUrl(e.target.value);
              setFieldErrors(({ remoteUrl: _, ...rest }) => rest);
            }}
            placeholder="http://localhost:4002/api/orders"
            error={!!fieldErrors.remoteUrl}
            helperText={fieldErrors.remoteUrl ?? "The other instance's REST Orders API"}
            size="small"
            sx={{ flex: 2 }}
          />
          <MuiTextField
            label="Remote token"
            type="password"
            autoComplete="off"
            value={remoteToken}
            onChange={(e) => {
              setRemoteToken(e.target.value);
              setFieldErrors(({ remoteToken: _, ...rest }) => rest);
            }}
            placeholder={status.remoteTokenSet ? '•••••• (set; leave empty to keep it)' : 'not set'}
            error={!!fieldErrors.remoteToken}
            helperText={fieldErrors.remoteToken ?? (status.remoteTokenSet ? 'A token is set; type a new one to replace it' : 'No token is set')}
            size="small"
            sx={{ flex: 1 }}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button type="submit" variant="contained" disabled={save.isPending} sx={{ mt: { md: 0.25 } }}>
            Save settings
          </Button>
        </Stack>
      </Box>
    </Section>
  );
};

/** Messages parked after a permanent failure: Retry / Discard, per row and for all. */
const DeadLettersSection = () => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const { data, total, error, refetch } = useGetList<DeadLetter>('deadLetters', { pagination: { page: 1, perPage: 100 } }, { refetchInterval: REFRESH_MS });

  const act = useMutation({
    mutationFn: ({ action, ids }: { action: 'retry' | 'discard'; ids?: string[] }) =>
      action === 'retry' ? dataProvider.retryDeadLetters(ids) : dataProvider.discardDeadLetters(ids),
    onSuccess: async (count, { action }) => {
      notify(`${count} dead letter${count === 1 ? '' : 's'} ${action === 'retry' ? 'queued to be sent again' : 'discarded'}`, { type: 'info' });
      await refetch();
      await queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY });
    },
    onError: (e: Error) => notify(e.message, { type: 'error' }),
  });

  const rows = data ?? [];
  return (
    <Section
      title={`Dead letters (${total ?? 0})`}
      action={
        <Stack direction="row" sx={{ gap: 1 }}>
          <Button size="small" disabled={!rows.length || act.isPending} onClick={() => act.mutate({ action: 'retry' })}>
            Retry all
          </Button>
          <Button size="small" color="error" disabled={!rows.length || act.isPending} onClick={() => act.mutate({ action: 'discard' })}>
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
              <TableCell>Order</TableCell>
              <TableCell>Attempts</TableCell>
              <TableCell>Last error</TableCell>
              <TableCell>Queued</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((dl) => (
              <TableRow key={dl.id} data-order-id={dl.orderId}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>
                  <LogOrderField entry={{ orderId: dl.orderId }} />
                </TableCell>
                <TableCell>{dl.attempts}</TableCell>
                <TableCell sx={{ maxWidth: 480, wordBreak: 'break-word' }}>{dl.lastError ?? ''}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(dl.enqueuedAt)}</TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button size="small" disabled={act.isPending} onClick={() => act.mutate({ action: 'retry', ids: [dl.orderId] })}>
                    Retry
                  </Button>
                  <Button size="small" color="error" disabled={act.isPending} onClick={() => act.mutate({ action: 'discard', ids: [dl.orderId] })}>
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

const logFilters = [
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

/** Every message sent and received, newest first, with filters and pages. */
const SyncLogSection = () => (
  <Section title="Sync log">
    <List
      resource="syncLog"
      title={false}
      actions={false}
      filters={logFilters}
      perPage={25}
      pagination={<Pagination rowsPerPageOptions={[10, 25, 50, 100]} />}
      queryOptions={{ refetchInterval: REFRESH_MS }}
      disableSyncWithLocation
      storeKey="sync.syncLog"
      empty={false}
      sx={{ '& .RaList-main': { boxShadow: 'none' } }}
    >
      <DataTable bulkActionButtons={false} rowClick={false}>
        <Col source="at" label="When" disableSort render={(e) => formatDateTime(e.at)} sx={{ whiteSpace: 'nowrap' }} />
        <Col source="orderId" label="Order" disableSort sx={{ whiteSpace: 'nowrap' }}>
          <LogOrderCell />
        </Col>
        <Col label="What happened" disableSort render={(e) => <LogSentence entry={e} />} sx={{ minWidth: 320 }} />
        <Col source="outcome" label="Outcome" disableSort render={(e) => <OutcomeChip entry={e} />} sx={{ whiteSpace: 'nowrap' }} />
      </DataTable>
    </List>
  </Section>
);

/** /sync: the sync's status and controls, refreshed every 3 s. */
export const SyncPage = () => {
  const { data, error, isPending } = useSyncStatus();
  const { other } = useSides();
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Sync" />
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Sync
      </Typography>
      {error && <Alert severity="error" sx={{ mb: 2 }}>{error.message}</Alert>}
      {isPending && <Typography>Loading…</Typography>}
      {data && (
        <>
          <RemotePanel status={data.syncStatus} name={other} />
          <SettingsSection status={data.syncStatus} />
        </>
      )}
      <DeadLettersSection />
      <SyncLogSection />
    </Box>
  );
};

export default SyncPage;
