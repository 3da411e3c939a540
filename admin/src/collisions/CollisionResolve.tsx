import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  FormControlLabel,
  Radio,
  RadioGroup,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@mui/material';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { Link, Loading, Title, useDataProvider, useGetOne, useNavigate, useNotify } from 'react-admin';
import { useParams } from 'react-router-dom';
import type { OrdersDataProvider } from '../dataProvider';
import {
  MERGE_FIELDS,
  NEEDS_RESOLUTION,
  type MergeField,
  type Order,
  type ResolutionSide,
  type ResolutionTake,
  type SyncedOrder,
} from '../dataProvider/types';
import { formatMoney } from '../money';
import { SyncStateBadge } from '../orders/SyncStateBadge';

const FIELD_LABELS: Record<MergeField, string> = {
  status: 'Status',
  customer: 'Customer',
  shippingAddress: 'Shipping address',
  currency: 'Currency',
  lines: 'Lines',
  shippingCost: 'Shipping cost',
  note: 'Note',
  deleted: 'Deleted',
};

/** The comparable content of one field (what the server merges), for "do they differ?". */
function fieldValue(order: Order, field: MergeField): unknown {
  switch (field) {
    case 'customer':
      return { name: order.customer.name, email: order.customer.email, phone: order.customer.phone ?? null };
    case 'shippingAddress': {
      const a = order.shippingAddress;
      return { fullName: a.fullName, line1: a.line1, line2: a.line2 ?? null, city: a.city, postalCode: a.postalCode, countryCode: a.countryCode };
    }
    case 'lines':
      return order.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPrice: l.unitPrice }));
    case 'note':
      return order.note ?? null;
    default:
      return order[field];
  }
}

const differs = (ours: Order, theirs: Order | null | undefined, field: MergeField) =>
  !!theirs && JSON.stringify(fieldValue(ours, field)) !== JSON.stringify(fieldValue(theirs, field));

function renderValue(order: Order, field: MergeField): ReactNode {
  switch (field) {
    case 'customer':
      return (
        <>
          {order.customer.name}
          <br />
          {order.customer.email}
          {order.customer.phone ? (
            <>
              <br />
              {order.customer.phone}
            </>
          ) : null}
        </>
      );
    case 'shippingAddress': {
      const a = order.shippingAddress;
      return (
        <>
          {a.fullName}
          <br />
          {a.line1}
          {a.line2 ? `, ${a.line2}` : ''}
          <br />
          {a.postalCode} {a.city}, {a.countryCode}
        </>
      );
    }
    case 'lines':
      return (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {order.lines.map((l, i) => (
            <li key={`${l.sku}-${i}`}>
              {l.quantity} × {l.sku} {l.name} @ {formatMoney(l.unitPrice, order.currency)}
            </li>
          ))}
        </Box>
      );
    case 'shippingCost':
      return formatMoney(order.shippingCost, order.currency);
    case 'note':
      return order.note ?? '—';
    case 'deleted':
      return order.deleted ? 'yes' : 'no';
    default:
      return String(order[field]);
  }
}

const DIFF_SX = { backgroundColor: 'rgba(255, 193, 7, 0.18)' };

const ResolveView = ({ order }: { order: SyncedOrder }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const theirs = order.sync.theirs ?? null;
  const [choice, setChoice] = useState<Record<MergeField, ResolutionSide>>(
    () => Object.fromEntries(MERGE_FIELDS.map((f) => [f, 'OURS'])) as Record<MergeField, ResolutionSide>,
  );

  const resolve = useMutation({
    mutationFn: (take: ResolutionTake) =>
      dataProvider.resolveCollision({ orderId: order.id, take, fields: take === 'MERGE' ? choice : undefined }),
    onSuccess: async (resolved, take) => {
      const how = take === 'OURS' ? 'took ours' : take === 'THEIRS' ? 'took theirs' : 'merged the selection';
      notify(`Collision on ${resolved.code} resolved (${how}): now at version ${resolved.version}`, { type: 'success' });
      await queryClient.invalidateQueries();
      navigate(`/orders/${order.id}/show`);
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const inCollision = NEEDS_RESOLUTION.includes(order.sync.state);
  const differing = MERGE_FIELDS.filter((f) => differs(order, theirs, f));

  return (
    <Box sx={{ p: 2 }}>
      <Title title={`Resolve collision ${order.code}`} />
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 2 }}>
        <Typography variant="h5" component="h2">
          Resolve collision: <Link to={`/orders/${order.id}/show`}>{order.code}</Link>
        </Typography>
        <SyncStateBadge state={order.sync.state} />
      </Stack>
      {!inCollision && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Order {order.code} is in {order.sync.state}: there is nothing to resolve. <Link to={`/orders/${order.id}/show`}>Open the order</Link>.
        </Alert>
      )}
      {order.sync.reason && (
        <Alert severity="warning" sx={{ mb: 2 }}>
          {order.sync.reason}
        </Alert>
      )}
      {!theirs && (
        <Alert severity="info" sx={{ mb: 2 }}>
          The other instance's copy is not known here: only "Take ours" is possible.
        </Alert>
      )}
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Ours is this instance's copy (version {order.version}); theirs is the other instance's (version {order.sync.theirsVersion ?? '—'}).{' '}
        {theirs ? `${differing.length} of ${MERGE_FIELDS.length} fields differ (highlighted).` : ''} The resolution is written above both versions
        and sent to the other instance; both end OK.
      </Typography>
      <Card variant="outlined">
        <CardContent sx={{ overflowX: 'auto' }}>
          <Table size="small" aria-label="Ours and theirs">
            <TableHead>
              <TableRow>
                <TableCell>Field</TableCell>
                <TableCell>Ours (v{order.version})</TableCell>
                <TableCell>Theirs (v{order.sync.theirsVersion ?? '—'})</TableCell>
                <TableCell>Take</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {MERGE_FIELDS.map((field) => {
                const diff = differs(order, theirs, field);
                const labelId = `resolve-field-${field}`;
                return (
                  <TableRow key={field} data-field={field} data-differs={diff ? 'true' : 'false'} sx={diff ? DIFF_SX : undefined}>
                    <TableCell sx={{ fontWeight: diff ? 700 : 400, whiteSpace: 'nowrap' }}>
                      <span id={labelId}>{FIELD_LABELS[field]}</span>
                      {diff && (
                        <Typography component="span" variant="caption" color="warning.main" sx={{ ml: 1 }}>
                          differs
                        </Typography>
                      )}
                    </TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }} data-side="ours">
                      {renderValue(order, field)}
                    </TableCell>
                    <TableCell sx={{ verticalAlign: 'top' }} data-side="theirs">
                      {theirs ? renderValue(theirs, field) : '—'}
                    </TableCell>
                    <TableCell>
                      <RadioGroup
                        row
                        aria-labelledby={labelId}
                        name={`take-${field}`}
                        value={choice[field]}
                        onChange={(event) => setChoice((c) => ({ ...c, [field]: event.target.value as ResolutionSide }))}
                      >
                        <FormControlLabel value="OURS" control={<Radio size="small" />} label="Ours" />
                        <FormControlLabel value="THEIRS" control={<Radio size="small" />} label="Theirs" disabled={!theirs} />
                      </RadioGroup>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </CardContent>
      </Card>
      <Stack direction="row" sx={{ gap: 2, mt: 2, flexWrap: 'wrap' }}>
        <Button variant="outlined" disabled={!inCollision || resolve.isPending} onClick={() => resolve.mutate('OURS')}>
          Take ours
        </Button>
        <Button variant="outlined" disabled={!inCollision || !theirs || resolve.isPending} onClick={() => resolve.mutate('THEIRS')}>
          Take theirs
        </Button>
        <Button variant="contained" disabled={!inCollision || resolve.isPending} onClick={() => resolve.mutate('MERGE')}>
          Resolve with selection
        </Button>
      </Stack>
    </Box>
  );
};

/** /collisions/:id/resolve: ours and theirs side by side, field by field. */
export const CollisionResolve = () => {
  const { id } = useParams<{ id: string }>();
  const { data, isPending, error } = useGetOne<SyncedOrder>('collisions', { id: id ?? '' }, { enabled: !!id, refetchOnWindowFocus: false });
  if (isPending) return <Loading />;
  if (error || !data) {
    return (
      <Alert severity="error" sx={{ m: 2 }}>
        {error?.message ?? 'No such order'}
      </Alert>
    );
  }
  return <ResolveView order={data} />;
};

export default CollisionResolve;
