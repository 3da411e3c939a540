import { Box, LinearProgress, Stack, Typography } from '@mui/material';
import { useState } from 'react';
import type { SyncStatus } from '../dataProvider/model';
import { formatDuration } from '../format';

/**
 * A remote's catch-up as a progress bar: orders waiting, rate per second and time left, from the
 * server's outboxDepth, sendRatePerSecond and etaSeconds. The server knows the queue, not where the
 * catch-up began: the largest queue this page has seen for the remote is taken as its start, so the
 * bar fills as the queue drains (and starts again when a new catch-up grows the queue).
 */
export const CatchUpProgress = ({ status }: { status: SyncStatus }) => {
  const waiting = status.outboxDepth;
  const [largest, setLargest] = useState(waiting);
  // Adjusted while rendering (React's pattern for state derived from props): no effect, no flicker.
  const start = waiting === 0 ? 0 : Math.max(largest, waiting);
  if (start !== largest) setLargest(start);
  if (waiting === 0) {
    return (
      <Typography variant="body2" data-catch-up="idle">
        Nothing waiting to be sent to {status.label}.
      </Typography>
    );
  }
  const done = start - waiting;
  const percent = start ? Math.round((done / start) * 100) : 0;
  const paused = status.state === 'paused' || status.state === 'peer_paused';
  const rate = status.sendRatePerSecond;
  const left = paused ? 'waits for the sync to be resumed' : status.etaSeconds === null ? 'not moving yet' : `about ${formatDuration(status.etaSeconds)} left`;
  const label = `Catch-up with ${status.label}`;
  const text = `${waiting} order${waiting === 1 ? '' : 's'} waiting · ${rate.toFixed(rate < 10 ? 1 : 0)} per second · ${left}`;
  return (
    <Box data-catch-up={paused ? 'paused' : 'running'} data-waiting={waiting}>
      <Stack direction="row" sx={{ justifyContent: 'space-between', mb: 0.5, gap: 2, flexWrap: 'wrap' }}>
        <Typography variant="body2" sx={{ fontWeight: 600 }}>
          {label}: {done} of {start} sent ({percent}%)
        </Typography>
        <Typography variant="body2">{text}</Typography>
      </Stack>
      <LinearProgress
        variant="determinate"
        value={percent}
        aria-label={label}
        aria-valuetext={`${percent}% sent; ${text}`}
        sx={{ height: 10, borderRadius: 1 }}
      />
    </Box>
  );
};
