import { Box, Chip, Stack, Typography } from '@mui/material';
import type { ReactNode } from 'react';
import { SYNC_STATES, type SyncRunState, type SyncStatus } from '../dataProvider/types';
import { SyncStateBadge } from '../orders/SyncStateBadge';
import { formatAgo, formatDateTime } from './format';

const RUN_STATE: Record<SyncRunState, { label: string; color: 'success' | 'warning' | 'error' | 'default' }> = {
  running: { label: 'running', color: 'success' },
  paused: { label: 'paused', color: 'warning' },
  backing_off: { label: 'backing off', color: 'error' },
  not_configured: { label: 'not configured', color: 'default' },
};

export const RunStateChip = ({ state }: { state: SyncRunState }) => {
  const s = RUN_STATE[state] ?? { label: state, color: 'default' as const };
  return <Chip label={s.label} color={s.color} size="small" data-run-state={state} sx={{ fontWeight: 600 }} />;
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

/** State, remote, last push and pull, outbox, dead letters, last error. */
export const SyncHealth = ({ status, showRemote = true }: { status: SyncStatus; showRemote?: boolean }) => (
  <Stack direction="row" sx={{ gap: 3, flexWrap: 'wrap' }}>
    <Fact label="State">
      <RunStateChip state={status.state} />
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
    <Fact label="Last push" title={formatDateTime(status.lastPushAt)}>
      {formatAgo(status.lastPushAt)}
    </Fact>
    <Fact label="Last pull" title={formatDateTime(status.lastPullAt)}>
      {formatAgo(status.lastPullAt)}
    </Fact>
    <Fact label="Outbox depth">{status.outboxDepth}</Fact>
    <Fact label="Dead letters">{status.deadLetters}</Fact>
    <Fact label="Oldest pending change" title={formatDateTime(status.oldestPendingAt)}>
      {status.oldestPendingAt ? formatAgo(status.oldestPendingAt) : '—'}
    </Fact>
    <Box sx={{ flexBasis: '100%' }}>
      <Fact label="Last error">
        {status.lastError ? (
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
