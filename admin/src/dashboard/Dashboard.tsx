import { Alert, Box, Button, Card, CardContent, CardHeader, Grid, LinearProgress, Stack, Typography } from '@mui/material';
import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Link, Title, useDataProvider } from 'react-admin';
import { DASHBOARD_HOURS, expectResult, type OrdersDataProvider } from '../dataProvider';
import { NEEDS_RESOLUTION, ORDER_STATUSES } from '../dataProvider/model';
import type { DashboardQuery } from '../gql/graphql';
import { useInstance } from '../instance';
import { SyncLogTable } from '../sync/SyncLogTable';
import { StateCounts, SyncHealth } from '../sync/SyncStatusView';
import { useSides } from '../sync/useSides';
import { STATUS_LABELS } from '../words';
import { ActivityCharts } from './ActivityCharts';

type DashboardData = DashboardQuery;

const Panel = ({ title, action, children }: { title: string; action?: ReactNode; children: ReactNode }) => (
  <Card variant="outlined" sx={{ height: '100%' }} component="section" aria-label={title}>
    <CardHeader title={title} action={action} slotProps={{ title: { variant: 'h6', component: 'h2' } }} sx={{ pb: 0 }} />
    <CardContent>{children}</CardContent>
  </Card>
);

const Count = ({ label, value, to }: { label: string; value: number; to?: string }) => {
  const number = (
    <Typography component="span" variant="h5" sx={{ display: 'block', fontWeight: 600, fontVariantNumeric: 'tabular-nums' }}>
      {value}
    </Typography>
  );
  return (
    <Box component="dl" sx={{ minWidth: 90, m: 0, display: 'flex', flexDirection: 'column-reverse' }} data-count={label} data-value={value}>
      <Typography component="dt" variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Box component="dd" sx={{ m: 0 }}>
        {to ? (
          <Link to={to} underline="none">
            {number}
          </Link>
        ) : (
          number
        )}
      </Box>
    </Box>
  );
};

const OrdersPanel = ({ data }: { data: DashboardData }) => {
  const byStatus = new Map(data.orderCounts.byStatus.map((s) => [s.status, s.count]));
  return (
    <Panel
      title="Orders by status"
      action={
        <Button component={Link} to="/orders" size="small">
          All orders
        </Button>
      }
    >
      <Stack direction="row" sx={{ gap: 3, flexWrap: 'wrap' }}>
        <Count label="Total" value={data.orderCounts.total} to="/orders" />
        {ORDER_STATUSES.map((status) => (
          <Count
            key={status}
            label={STATUS_LABELS[status]}
            value={byStatus.get(status) ?? 0}
            to={`/orders?filter=${encodeURIComponent(JSON.stringify({ status }))}`}
          />
        ))}
        <Count label="Deleted" value={data.orderCounts.deleted} to={`/orders?filter=${encodeURIComponent(JSON.stringify({ deleted: true }))}`} />
      </Stack>
    </Panel>
  );
};

const SyncStatesPanel = ({ data }: { data: DashboardData }) => {
  const waiting = data.syncStatus.ordersByState.filter((c) => NEEDS_RESOLUTION.includes(c.state)).reduce((sum, c) => sum + c.count, 0);
  return (
    <Panel title="Orders by sync state">
      <StateCounts status={data.syncStatus} />
      <Box sx={{ mt: 2 }}>
        {waiting > 0 ? (
          <Alert
            severity="error"
            action={
              <Button component={Link} to="/collisions" color="inherit" size="small">
                Resolve
              </Button>
            }
            data-testid="collisions-waiting-alert"
          >
            {waiting} order{waiting === 1 ? '' : 's'} changed on both sides, waiting for you
          </Alert>
        ) : (
          <Alert severity="success">Nothing waiting to be resolved</Alert>
        )}
      </Box>
    </Panel>
  );
};

/** The landing page: orders by status and by sync state, sync health, latest sync activity. */
export const Dashboard = () => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const instance = useInstance();
  const { other } = useSides();
  const { data, error, isPending } = useQuery({ queryKey: ['dashboard'], queryFn: async () => expectResult<DashboardQuery>(await dataProvider.dashboard(), 'syncStatus'), refetchInterval: 3000 });
  return (
    <Box sx={{ p: 2 }}>
      <Title title="Dashboard" />
      <Typography variant="h5" component="h1" sx={{ mb: 2 }}>
        Instance {instance.name}
        {instance.version ? (
          <Typography component="span" variant="body2" color="text.secondary" sx={{ ml: 1 }}>
            v{instance.version}
          </Typography>
        ) : null}
      </Typography>
      {isPending && <LinearProgress />}
      {error && <Alert severity="error">{error.message}</Alert>}
      {data && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, lg: 6 }}>
            <OrdersPanel data={data} />
          </Grid>
          <Grid size={{ xs: 12, lg: 6 }}>
            <SyncStatesPanel data={data} />
          </Grid>
          <Grid size={12}>
            <Panel title={`The last ${DASHBOARD_HOURS} hours`}>
              <ActivityCharts orders={data.orderActivity} sync={data.syncActivity} other={other} />
            </Panel>
          </Grid>
          <Grid size={12}>
            <Panel
              title="Sync health"
              action={
                <Button component={Link} to="/sync" size="small">
                  Sync page
                </Button>
              }
            >
              <SyncHealth status={data.syncStatus} />
            </Panel>
          </Grid>
          <Grid size={12}>
            <Panel title="Latest activity">
              <SyncLogTable entries={data.syncLog?.items ?? []} />
            </Panel>
          </Grid>
        </Grid>
      )}
    </Box>
  );
};

export default Dashboard;
