import DeleteIcon from '@mui/icons-material/DeleteOutlined';
import EditIcon from '@mui/icons-material/Edit';
import PauseIcon from '@mui/icons-material/Pause';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { Box, Button, Card, CardContent, CardHeader, Stack, Typography } from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Confirm, Link, useDataProvider, useNotify, useStore } from 'react-admin';
import { expectResult, type OrdersDataProvider } from '../dataProvider';
import type { SyncStatus } from '../dataProvider/model';
import { formatAgo, formatDateTime } from '../format';
import { ToneChip } from '../ui/ToneChip';
import { PAUSED_BY_PEER, problemWords, remoteKindLabel } from '../words';
import { CatchUpProgress } from './CatchUpProgress';
import { Fact, RunStateChip, StateCounts } from './SyncStatusView';
import { LOG_STORE_KEY, REMOTES_KEY } from './useRemotes';
import { SYNC_STATUS_KEY } from './useSides';

/** The later of the last push and the last pull: when the remote was last heard from or written to. */
const lastContact = (status: SyncStatus): string | null =>
  [status.lastPushAt, status.lastPullAt].filter((d): d is string => !!d).sort((a, b) => Date.parse(b) - Date.parse(a))[0] ?? null;

/** The remote's last problem in words, the raw error in the tooltip; a pause shown as a pause. */
const LastProblem = ({ status }: { status: SyncStatus }) => {
  const words = problemWords(status.lastError, status.label);
  if (!words || !status.lastError) return <>none</>;
  const tone = PAUSED_BY_PEER.test(status.lastError) ? 'paused' : 'problem';
  return (
    <Stack direction="row" sx={{ gap: 1, alignItems: 'center', flexWrap: 'wrap' }}>
      <ToneChip tone={tone} label={tone === 'paused' ? 'Paused there' : 'Problem'} details={status.lastError} />
      <Typography component="span" variant="body2">
        {words}
      </Typography>
    </Stack>
  );
};

/**
 * One remote on the Sync page: what it is, its state in words with an icon, URL, last contact, last
 * problem, its catch-up, the orders per sync state; Pause/Resume, Edit and Remove.
 */
export const RemotePanel = ({ status }: { status: SyncStatus }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const queryClient = useQueryClient();
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);
  const refresh = () => Promise.all([queryClient.invalidateQueries({ queryKey: REMOTES_KEY }), queryClient.invalidateQueries({ queryKey: SYNC_STATUS_KEY })]);

  const toggle = useMutation({
    mutationFn: (pause: boolean) => (pause ? dataProvider.pauseSync(status.name) : dataProvider.resumeSync(status.name)),
    onSuccess: async (next, pause) => {
      expectResult<SyncStatus>(next, 'ordersByState');
      queryClient.setQueryData<SyncStatus[]>(REMOTES_KEY, (old) => old?.map((r) => (r.name === next.name ? next : r)));
      await refresh();
      notify(pause ? `Sync with ${status.label} paused: changes wait here until it is resumed` : `Sync with ${status.label} resumed`, { type: 'info' });
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const [logParams, setLogParams] = useStore<{ filter?: Record<string, unknown> } | undefined>(LOG_STORE_KEY);
  const remove = useMutation({
    mutationFn: () => {
      // The log must not keep asking for a remote that is going (the server would answer 404).
      if (logParams?.filter?.remote === status.name) {
        const { remote: _, ...filter } = logParams.filter;
        setLogParams({ ...logParams, filter });
      }
      return dataProvider.removeRemote(status.name);
    },
    onSuccess: async () => {
      setConfirming(false);
      queryClient.setQueryData<SyncStatus[]>(REMOTES_KEY, (old) => old?.filter((r) => r.name !== status.name));
      await refresh();
      notify(`Remote ${status.label} removed; the orders stay here`, { type: 'info' });
    },
    onError: (error: Error) => {
      setConfirming(false);
      notify(error.message, { type: 'error' });
    },
  });

  const paused = status.state === 'paused';
  const title = status.label;
  const contact = lastContact(status);
  return (
    <Card variant="outlined" sx={{ mb: 2 }} component="section" aria-label={`Remote ${title}`} data-remote={status.name} data-run-state={status.state}>
      <CardHeader
        title={title}
        subheader={`${remoteKindLabel(status.kind)} (${status.kind}) · name ${status.name}`}
        slotProps={{ title: { variant: 'h6', component: 'h2' }, subheader: { color: 'text.primary', variant: 'body2' } }}
        action={
          <Stack direction="row" sx={{ gap: 1, flexWrap: 'wrap', justifyContent: 'flex-end' }}>
            {paused ? (
              <Button variant="contained" startIcon={<PlayArrowIcon />} disabled={toggle.isPending} onClick={() => toggle.mutate(false)}>
                Resume sync
              </Button>
            ) : (
              <Button variant="outlined" startIcon={<PauseIcon />} disabled={toggle.isPending} onClick={() => toggle.mutate(true)}>
                Pause sync
              </Button>
            )}
            <Button component={Link} to={`/sync/remotes/${encodeURIComponent(status.name)}/edit`} startIcon={<EditIcon />}>
              Edit
            </Button>
            <Button color="error" startIcon={<DeleteIcon />} onClick={() => setConfirming(true)} disabled={remove.isPending}>
              Remove
            </Button>
          </Stack>
        }
        sx={{ pb: 0, flexWrap: 'wrap', gap: 1 }}
      />
      <CardContent>
        <Stack direction="row" sx={{ gap: 3, flexWrap: 'wrap' }}>
          <Fact label="State">
            <RunStateChip state={status.state} lastError={status.lastError} />
          </Fact>
          <Fact label="URL">
            {status.remoteUrl ?? '—'}
            {status.remoteUrl && !status.remoteTokenSet && status.kind !== 'vendure' && (
              <Typography variant="caption" color="error" component="div">
                no token set
              </Typography>
            )}
          </Fact>
          <Fact label="Last contact" title={formatDateTime(contact)}>
            {formatAgo(contact)}
          </Fact>
          <Fact label="Changes waiting">{status.outboxDepth}</Fact>
          <Fact label="Dead letters">{status.deadLetters}</Fact>
          <Box sx={{ flexBasis: '100%' }}>
            <Fact label="Last problem">
              <LastProblem status={status} />
            </Fact>
          </Box>
        </Stack>
        <Box sx={{ mt: 2 }}>
          <CatchUpProgress status={status} />
        </Box>
        <Typography variant="subtitle2" component="h3" sx={{ mt: 2, mb: 1 }}>
          Orders per sync state with {title}
        </Typography>
        <StateCounts status={status} />
      </CardContent>
      <Confirm
        isOpen={confirming}
        loading={remove.isPending}
        title={`Remove ${title}?`}
        content={
          <>
            <Typography gutterBottom>
              The sync with {title} ({status.name}) stops. Its sync records (each order’s state with {title}) and its queue
              {status.outboxDepth ? ` of ${status.outboxDepth} change${status.outboxDepth === 1 ? '' : 's'} waiting to be sent` : ''} are deleted
              {status.deadLetters ? `, with its ${status.deadLetters} dead letter${status.deadLetters === 1 ? '' : 's'}` : ''}.
            </Typography>
            <Typography>The orders stay here, and nothing is deleted on {title}. Adding it again later sends every order to it again.</Typography>
          </>
        }
        confirm={`Remove ${title}`}
        confirmColor="warning"
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
};
