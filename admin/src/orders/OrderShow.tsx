import CallSplitIcon from '@mui/icons-material/CallSplit';
import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
  Chip,
  Grid,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import type { ReactNode } from 'react';
import { DeleteWithConfirmButton, EditButton, Link, ListButton, Show, TopToolbar, useGetList, useNotify, useRecordContext } from 'react-admin';
import { needsResolution, type OrderMerge, type SyncedOrder, type SyncLogEntry } from '../dataProvider/model';
import type { OrderQuery } from '../gql/graphql';
import { formatDateTime } from '../format';
import { formatMoney } from '../money';
import { SyncLogTable } from '../sync/SyncLogTable';
import { useSides } from '../sync/useSides';
import { TechnicalDetails } from '../ui/TechnicalDetails';
import { countryName, currencyName } from '../ui/isoNames';
import { errorReasonWords, fieldWords, seedName, statusLabel, SYNC_STATE_WORDS } from '../words';
import { SyncStateBadge } from './SyncStateBadge';

const OrderTitle = () => {
  const record = useRecordContext<SyncedOrder>();
  return <span>Order {record?.code ?? ''}</span>;
};

/** Resolve collision (when it is in one), Edit, Delete. */
const ShowActions = () => {
  const record = useRecordContext<SyncedOrder>();
  const notify = useNotify();
  const inCollision = !!record && needsResolution(record.sync?.state);
  return (
    <TopToolbar>
      {inCollision && (
        <Button
          component={Link}
          to={`/collisions/${record.id}/resolve`}
          variant="contained"
          color="error"
          size="small"
          startIcon={<CallSplitIcon />}
        >
          Resolve collision
        </Button>
      )}
      <ListButton />
      <EditButton disabled={!record || record.deleted} />
      {record && !record.deleted && (
        <DeleteWithConfirmButton
          record={record}
          mutationMode="pessimistic"
          confirmTitle={`Delete order ${record.code}?`}
          confirmContent="The order is deleted on both instances. A deleted order cannot be changed or restored."
          mutationOptions={{ onSuccess: () => notify(`Order ${record.code} deleted`, { type: 'info' }) }}
          redirect="list"
        />
      )}
    </TopToolbar>
  );
};

/** A caption and a value, as a description list (data-field names it for tests). */
export const Item = ({ label, children }: { label: string; children: ReactNode }) => (
  <Box component="dl" sx={{ mt: 0, mb: 1.5 }} data-field={label}>
    <Typography component="dt" variant="caption" color="text.secondary">
      {label}
    </Typography>
    <Box component="dd" sx={{ m: 0, typography: 'body2', wordBreak: 'break-word' }}>
      {children ?? '—'}
    </Box>
  </Box>
);

const Section = ({ title, children, action }: { title: ReactNode; children: ReactNode; action?: ReactNode }) => (
  <Card variant="outlined" sx={{ height: '100%' }}>
    <CardHeader title={title} action={action} slotProps={{ title: { variant: 'subtitle1', sx: { fontWeight: 600 } } }} sx={{ pb: 0 }} />
    <CardContent>{children}</CardContent>
  </Card>
);

const LinesTable = ({ order }: { order: SyncedOrder }) => (
  <Box sx={{ overflowX: 'auto' }}>
    <Table size="small" aria-label="Lines">
      <TableHead>
        <TableRow>
          <TableCell>SKU</TableCell>
          <TableCell>Name</TableCell>
          <TableCell align="right">Quantity</TableCell>
          <TableCell align="right">Unit price</TableCell>
          <TableCell align="right">Line total</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {order.lines.map((line, index) => (
          <TableRow key={`${line.sku}-${index}`}>
            <TableCell>{line.sku}</TableCell>
            <TableCell>{line.name}</TableCell>
            <TableCell align="right">{line.quantity}</TableCell>
            <TableCell align="right">{formatMoney(line.unitPrice, order.currency)}</TableCell>
            <TableCell align="right">{formatMoney(line.lineTotal ?? line.quantity * line.unitPrice, order.currency)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell colSpan={4} align="right">
            Subtotal
          </TableCell>
          <TableCell align="right" data-testid="show-subtotal">
            {formatMoney(order.subtotal, order.currency)}
          </TableCell>
        </TableRow>
        <TableRow>
          <TableCell colSpan={4} align="right">
            Shipping cost
          </TableCell>
          <TableCell align="right" data-testid="show-shipping">
            {formatMoney(order.shippingCost, order.currency)}
          </TableCell>
        </TableRow>
        <TableRow>
          <TableCell colSpan={4} align="right" sx={{ fontWeight: 700 }}>
            Total
          </TableCell>
          <TableCell align="right" sx={{ fontWeight: 700 }} data-testid="show-total">
            {formatMoney(order.total, order.currency)}
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  </Box>
);

/** The order's own entries of the sync log, newest first, refreshed with the page. */
const OrderSyncLog = ({ orderId }: { orderId: string }) => {
  const { data, total, isPending, error } = useGetList<SyncLogEntry>(
    'syncLog',
    { filter: { orderId }, pagination: { page: 1, perPage: 25 } },
    { refetchInterval: 3000 },
  );
  if (error) return <Alert severity="error">{error.message}</Alert>;
  if (isPending) return <Typography variant="body2">Loading…</Typography>;
  return (
    <>
      <SyncLogTable entries={data ?? []} showOrder={false} empty="No sync messages for this order yet." />
      {(total ?? 0) > (data?.length ?? 0) && (
        <Typography variant="caption" color="text.secondary">
          The latest {data?.length} of {total} entries; see the Sync page for all.
        </Typography>
      )}
    </>
  );
};

/** "Merged automatically on A, from A's version 2 and B's version 2: status and customer phone from A, note from B." */
export function mergeSentence(merge: OrderMerge): string {
  const by = new Map<string, string[]>();
  for (const { field, from } of merge.fields) by.set(from, [...(by.get(from) ?? []), fieldWords(field)]);
  const parts = [...by.entries()].map(([from, fields]) => `${fields.join(', ')} ${from === 'both' ? 'changed the same way on both sides' : `from ${from}`}`);
  const versions = merge.from.map((side) => `${side.name}'s version ${side.version}`).join(' and ');
  return `Merged automatically on ${merge.mergedBy}, from ${versions}, into version ${merge.version}: ${parts.join('; ') || 'no field changed'}.`;
}

const MergeNotice = ({ merge }: { merge: OrderMerge }) => (
  <Alert severity="success" icon={<CallSplitIcon fontSize="inherit" />} sx={{ mb: 1 }} data-testid="merge-notice">
    <Typography variant="body2">{mergeSentence(merge)}</Typography>
    <Typography variant="caption" color="text.secondary">
      Both sides changed this order at the same time, on different fields; nothing was lost. {formatDateTime(merge.at)}
    </Typography>
  </Alert>
);

type OrderSyncRow = NonNullable<OrderQuery['order']['syncs']>[number];

/** The order's state with each remote: words and icon, the remote's own id, last synced, and why when it needs an admin. */
const SyncsTable = ({ syncs }: { syncs: OrderSyncRow[] }) => (
  <Box sx={{ overflowX: 'auto', mb: 1 }}>
    <Table size="small" aria-label="Sync state with each remote">
      <TableHead>
        <TableRow>
          <TableCell>Remote</TableCell>
          <TableCell>State</TableCell>
          <TableCell>Its id for the order</TableCell>
          <TableCell>Last synced</TableCell>
          <TableCell>Why</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {syncs.map((row) => (
          <TableRow key={row.remote} data-remote={row.remote} data-state={row.state}>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{row.remoteLabel}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>
              <SyncStateBadge state={row.state} />
            </TableCell>
            <TableCell>{row.remoteKey ?? '—'}</TableCell>
            <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(row.syncedAt)}</TableCell>
            <TableCell sx={{ minWidth: 240 }}>{needsResolution(row.state) ? errorReasonWords(row.reason, row.remoteLabel) : ''}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  </Box>
);

const SyncCard = ({ order }: { order: SyncedOrder }) => {
  const merge = (order.sync as { merge?: OrderMerge | null } | null)?.merge ?? null;
  const syncs = (order as { syncs?: OrderSyncRow[] }).syncs ?? [];
  const sync = order.sync;
  const { other } = useSides(sync?.remoteLabel || undefined);
  const words = sync ? SYNC_STATE_WORDS[sync.state] : null;
  return (
    <Section title="Sync">
      <Stack direction="row" sx={{ gap: 4, flexWrap: 'wrap' }}>
        <Item label="State">
          <SyncStateBadge state={sync?.state} data-testid="sync-state" />
        </Item>
        <Item label="Last synced">{formatDateTime(sync?.syncedAt)}</Item>
        {sync?.resolutionPending && <Item label="Resolution">Sent, not yet confirmed by {other}</Item>}
      </Stack>
      {words && (
        <Typography variant="body2" sx={{ mb: 1 }}>
          {words.describe(other)}
        </Typography>
      )}
      {sync?.reason && <Item label="Why">{errorReasonWords(sync.reason, other)}</Item>}
      {syncs.length > 0 && <SyncsTable syncs={syncs} />}
      {merge && <MergeNotice merge={merge} />}
      {sync && (
        <TechnicalDetails>
          <Item label="Seed state">{`${seedName(sync.state)} (stateCode ${sync.stateCode})`}</Item>
          <Item label="Version here">{order.version}</Item>
          <Item label="Last agreed version">{sync.ackedVersion}</Item>
          <Item label="Sync state changed">{formatDateTime(sync.updatedAt)}</Item>
          <Item label="Rule recorded">{sync.reason ?? '—'}</Item>
        </TechnicalDetails>
      )}
    </Section>
  );
};

const OrderShowLayout = () => {
  const order = useRecordContext<SyncedOrder>();
  // Not an order yet (loading), or react-admin's empty answer to a call refused while logging out.
  if (!order?.id || !order.customer) return null;
  const inCollision = needsResolution(order.sync?.state);
  return (
    <Box sx={{ p: 2 }}>
      {inCollision && (
        <Alert
          severity="error"
          sx={{ mb: 2 }}
          action={
            <Button component={Link} to={`/collisions/${order.id}/resolve`} color="inherit" size="small">
              Resolve
            </Button>
          }
        >
          {SYNC_STATE_WORDS[order.sync.state].label}. {errorReasonWords(order.sync.reason, order.sync.remoteLabel || 'the other side') ?? ''} It cannot be edited until you choose what to keep.
        </Alert>
      )}
      {order.deleted && (
        <Alert severity="info" sx={{ mb: 2 }}>
          This order is deleted. It is kept, read-only, so that the deletion reaches the other side.
        </Alert>
      )}
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
        <Typography variant="h5" component="h2" data-testid="order-code">
          {order.code}
        </Typography>
        <Chip label={statusLabel(order.status)} color="primary" variant="outlined" data-testid="order-status" />
        {order.deleted && <Chip label="Deleted" />}
        <Typography variant="body2" color="text.secondary">
          Created {formatDateTime(order.createdAt)} · changed {formatDateTime(order.updatedAt)}
        </Typography>
      </Stack>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, md: 4 }}>
          <Section title="Customer">
            <Item label="Customer name">{order.customer.name}</Item>
            <Item label="Customer email">{order.customer.email}</Item>
            <Item label="Phone">{order.customer.phone}</Item>
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Section title="Shipping address">
            <Item label="Full name">{order.shippingAddress.fullName}</Item>
            <Item label="Address">
              {order.shippingAddress.line1}
              {order.shippingAddress.line2 ? <><br />{order.shippingAddress.line2}</> : null}
              <br />
              {order.shippingAddress.postalCode} {order.shippingAddress.city}
              <br />
              {countryName(order.shippingAddress.countryCode)}
            </Item>
          </Section>
        </Grid>
        <Grid size={{ xs: 12, md: 4 }}>
          <Section title="Order">
            <Item label="Status">{statusLabel(order.status)}</Item>
            <Item label="Currency">{currencyName(order.currency)}</Item>
            <Item label="Note">{order.note}</Item>
          </Section>
        </Grid>
        <Grid size={12}>
          <Section title="Lines">
            <LinesTable order={order} />
          </Section>
        </Grid>
        <Grid size={12}>
          <SyncCard order={order} />
        </Grid>
        <Grid size={12}>
          <Section title="Sync log">
            <OrderSyncLog orderId={order.id} />
          </Section>
        </Grid>
      </Grid>
    </Box>
  );
};

/** One order, refreshed every 3 s so changes arriving through the sync show without a reload. */
export const OrderShow = () => (
  <Show title={<OrderTitle />} actions={<ShowActions />} queryOptions={{ refetchInterval: 3000 }}>
    <OrderShowLayout />
  </Show>
);

export default OrderShow;
