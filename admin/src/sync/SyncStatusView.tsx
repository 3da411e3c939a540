import { Box, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { SYNC_STATES, type SyncRunState, type SyncStatus } from '../dataProvider/model';
import { formatAgo, formatDateTime } from '../format';
import { SyncStateBadge } from '../orders/SyncStateBadge';
import { ToneChip } from '../ui/ToneChip';
import { PAUSED_BY_PEER, RUN_STATE_WORDS } from '../words';

/** Running, Paused (a pause, not a failure), Retrying, Not set up: words and an icon. */
export const RunStateChip = ({ state, lastError }: { state: SyncRunState; lastError?: string | null }) => {
  // Retrying because the other side paused on purpose: a pause, told as one.
  if (state === 'backing_off' && PAUSED_BY_PEER.test(lastError ?? '')) {
    return <ToneChip tone="paused" label="Paused by the other side" details={`Changes wait here until the other side resumes (${state})`} data-run-state="paused_by_peer" />;
  }
  const words = RUN_STATE_WORDS[state] ?? { label: state, tone: 'neutral' as const, describe: state };
  return <ToneChip tone={words.tone} label={words.label} details={`${words.describe} (${state})`} data-run-state={state} />;
};

/**
 * A caption and its value, as a description list (dt/dd): no aria label, so that a caption never
 * competes with a form input of the same name (the Sync page has a "Remote URL" input too).
 */
export const Fact = ({ label, children, title }: { label: string; children: ReactNode; title?: string }) => (
  <Box component="dl" sx={{ minWidth: 140, m: 0 }} data-fact={label}>
    <Typography component="dt" variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Box component="dd" title={title} sx={{ m: 0, typography: 'body1', fontWeight: 500, wordBreak: 'break-word' }}>
      {children}
    </Box>
  </Box>
);

/** Orders per sync state, every state shown (0 where none). */
export const StateCounts = ({ status }: { status: SyncStatus }) => {
  const counts = new Map(status.ordersByState.map((c) => [c.state, c.count]));
  return (
    <Stack direction="row" sx={{ gap: 1.5, flexWrap: 'wrap' }} aria-label="Orders per sync state" role="list">
      {SYNC_STATES.map((state) => (
        <Stack key={state} direction="row" sx={{ alignItems: 'center', gap: 0.5 }} role="listitem" data-state={state} data-count={counts.get(state) ?? 0}>
          <SyncStateBadge state={state} />
          <Typography variant="body2" sx={{ fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
            {counts.get(state) ?? 0}
          </Typography>
        </Stack>
      ))}
    </Stack>
  );
};

/** The sync's state with the other side: state, remote, last push and pull, waiting changes, last error. */
export const SyncHealth = ({ status, showRemote = true }: { status: SyncStatus; showRemote?: boolean }) => (
  <Stack direction="row" sx={{ gap: 3, flexWrap: 'wrap' }}>
    <Fact label="State">
      <RunStateChip state={status.state} lastError={status.lastError} />
    </Fact>
    {showRemote && (
      <Fact label="Remote URL">
        {status.remoteUrl ?? '—'}
        {status.remoteUrl && !status.remoteTokenSet && (
          <Typography variant="caption" color="error" component="div">
            no token set
          </Typography>
        )}
      </Fact>
    )}
    <Fact label="Last sent" title={formatDateTime(status.lastPushAt)}>
      {formatAgo(status.lastPushAt)}
    </Fact>
    <Fact label="Last received" title={formatDateTime(status.lastPullAt)}>
      {formatAgo(status.lastPullAt)}
    </Fact>
    <Fact label="Changes waiting to be sent">{status.outboxDepth}</Fact>
    <Fact label="Dead letters">{status.deadLetters}</Fact>
    <Fact label="Oldest waiting change" title={formatDateTime(status.oldestPendingAt)}>
      {status.oldestPendingAt ? formatAgo(status.oldestPendingAt) : '—'}
    </Fact>
    <Box sx={{ flexBasis: '100%' }}>
      <Fact label="Last problem">
        {status.lastError && PAUSED_BY_PEER.test(status.lastError) ? (
          <ToneChip tone="paused" label="The other side has paused the sync: changes wait until it resumes" details={status.lastError} />
        ) : status.lastError ? (
          <Typography component="span" color="error" sx={{ fontFamily: 'monospace', fontSize: 13 }}>
            {status.lastError}
          </Typography>
        ) : (
          'none'
        )}
      </Fact>
    </Box>
  </Stack>
);
