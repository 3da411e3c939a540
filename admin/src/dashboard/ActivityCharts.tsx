import { Box, Grid, Typography } from '@mui/material';
import { BarChart } from '@mui/x-charts/BarChart';
import { LineChart } from '@mui/x-charts/LineChart';
import type { ReactNode } from 'react';
import type { DashboardQuery } from '../gql/graphql';
import { formatDuration, formatHour } from '../format';
import { TONES } from '../ui/ToneChip';

type OrderHour = DashboardQuery['orderActivity'][number];
type SyncHour = DashboardQuery['syncActivity'][number];

const HEIGHT = 220;
/** Counts: whole numbers on the axis. */
const COUNT_AXIS = { tickMinStep: 1, valueFormatter: (v: number) => String(Math.round(v)) };
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/**
 * A chart with a caption that says what it shows and the figures that matter, in words: the
 * pictures are for the eye, the caption (the chart's accessible name) for everyone.
 */
const Chart = ({ id, title, summary, children }: { id: string; title: string; summary: string; children: ReactNode }) => (
  <Box component="figure" sx={{ m: 0 }} aria-labelledby={`${id}-title`} aria-describedby={`${id}-summary`} data-chart={id}>
    <Typography id={`${id}-title`} variant="subtitle1" component="h3" sx={{ fontWeight: 600 }}>
      {title}
    </Typography>
    <Typography id={`${id}-summary`} component="figcaption" variant="body2" color="text.secondary">
      {summary}
    </Typography>
    <Box>{children}</Box>
  </Box>
);

/** Bars per hour: counts, stacked when `stack` is given. */
const HourlyBars = ({ hours, series, stack }: { hours: string[]; series: { label: string; data: number[]; color: string }[]; stack?: string }) => (
  <BarChart
    height={HEIGHT}
    xAxis={[{ scaleType: 'band', data: hours, tickLabelInterval: everyThirdHour }]}
    yAxis={[COUNT_AXIS]}
    series={series.map((s) => ({ ...s, stack }))}
    skipAnimation
  />
);

const everyThirdHour = (_: unknown, index: number) => index % 3 === 0;

/** The last hours of orders and of the sync, in pictures: created and changed, messages, collisions, lag. */
export const ActivityCharts = ({ orders, sync, other }: { orders: OrderHour[]; sync: SyncHour[]; other: string }) => {
  const hours = orders.map((h) => formatHour(h.hour));
  const syncHours = sync.map((h) => formatHour(h.hour));
  const total = (pick: (h: SyncHour) => number) => sum(sync.map(pick));
  const created = orders.map((h) => h.created);
  const changed = orders.map((h) => h.changed);
  const lagAvg = sync.map((h) => h.lagAvgSeconds ?? null);
  const lagMax = sync.map((h) => h.lagMaxSeconds ?? null);
  const worstLag = Math.max(0, ...lagMax.filter((v): v is number => v !== null));
  const collisions = total((h) => h.collisions);
  const lagFormatter = (v: number | null) => formatDuration(v);
  const charts: { id: string; title: string; summary: string; chart: ReactNode }[] = [
    {
      id: 'chart-orders',
      title: 'Orders per hour',
      summary: `${sum(created)} created and ${sum(changed)} changed in the last ${orders.length} hours.`,
      chart: (
        <HourlyBars
          hours={hours}
          series={[
            { data: created, label: 'Created', color: '#1565c0' },
            { data: changed, label: 'Changed', color: '#6a1b9a' },
          ]}
        />
      ),
    },
    {
      id: 'chart-sync',
      title: `Sync messages per hour with ${other}`,
      summary: `${total((h) => h.sent)} sent, ${total((h) => h.received)} received, ${total((h) => h.failed)} failed attempts and ${total((h) => h.paused)} held by a pause.`,
      chart: (
        <HourlyBars
          hours={syncHours}
          stack="messages"
          series={[
            { data: sync.map((h) => h.sent), label: 'Sent', color: TONES.ok.fg },
            { data: sync.map((h) => h.received), label: 'Received', color: '#1565c0' },
            { data: sync.map((h) => h.paused), label: 'Held (paused)', color: '#8d6e63' },
            { data: sync.map((h) => h.failed), label: 'Failed', color: TONES.problem.fg },
          ]}
        />
      ),
    },
    {
      id: 'chart-lag',
      title: 'Sync lag',
      summary:
        worstLag > 0
          ? `Time from a change here to its delivery to ${other}: at worst ${formatDuration(worstLag)} in the last ${sync.length} hours.`
          : `No change was delivered to ${other} in the last ${sync.length} hours.`,
      chart: (
        <LineChart
          height={HEIGHT}
          xAxis={[{ scaleType: 'point', data: syncHours, tickLabelInterval: everyThirdHour }]}
          yAxis={[{ label: 'seconds', min: 0 }]}
          series={[
            // Marks on the points: an hour with deliveries between two without is a point, not a line.
            { data: lagAvg, label: 'Average', color: '#1565c0', connectNulls: false, showMark: true, valueFormatter: lagFormatter },
            { data: lagMax, label: 'Longest', color: '#b71c1c', connectNulls: false, showMark: true, valueFormatter: lagFormatter },
          ]}
          skipAnimation
        />
      ),
    },
    {
      id: 'chart-collisions',
      title: 'Collisions per hour',
      summary: collisions
        ? `${collisions} order${collisions === 1 ? '' : 's'} changed on both sides in the last ${sync.length} hours.`
        : `No collision in the last ${sync.length} hours.`,
      chart: <HourlyBars hours={syncHours} series={[{ data: sync.map((h) => h.collisions), label: 'Changed on both sides', color: TONES.problem.fg }]} />,
    },
  ];
  return (
    <Grid container spacing={3}>
      {charts.map(({ id, title, summary, chart }) => (
        <Grid key={id} size={{ xs: 12, lg: 6 }}>
          <Chart id={id} title={title} summary={summary}>
            {chart}
          </Chart>
        </Grid>
      ))}
    </Grid>
  );
};
