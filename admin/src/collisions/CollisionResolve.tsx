import ExpandMoreIcon from '@mui/icons-material/ExpandMore';
import {
  Accordion,
  AccordionDetails,
  AccordionSummary,
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  CardHeader,
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
import { useMemo, useState, type ReactNode } from 'react';
import { Confirm, Link, Loading, Title, useDataProvider, useGetOne, useNavigate, useNotify } from 'react-admin';
import { useParams } from 'react-router-dom';
import { expectResult, type OrdersDataProvider } from '../dataProvider';
import { needsResolution, type MergeField, type Order, type ResolutionTake, type SyncedOrder } from '../dataProvider/model';
import { useInvalidateCollisions } from '../layout/collisionCount';
import { formatMoney } from '../money';
import { SyncStateBadge } from '../orders/SyncStateBadge';
import { useSides, type Sides } from '../sync/useSides';
import { TechnicalDetails } from '../ui/TechnicalDetails';
import { countryName, currencyName } from '../ui/isoNames';
import { errorReasonWords, seedName, statusLabel } from '../words';
import { differs, FIELD_LABELS, MERGE_FIELDS, previewResult, type Choice } from './resolution';

type OrderWithTheirs = SyncedOrder & {
  sync: SyncedOrder['sync'] & { theirs?: Order | null; theirsVersion?: number | null };
  peer?: { name: string | null; url: string | null };
};

function renderValue(order: Order, field: MergeField): ReactNode {
  switch (field) {
    case 'status':
      return statusLabel(order.status);
    case 'customer':
      return [order.customer.name, order.customer.email, order.customer.phone].filter(Boolean).join(', ');
    case 'shippingAddress': {
      const a = order.shippingAddress;
      return [a.fullName, a.line1, a.line2, `${a.postalCode} ${a.city}`, countryName(a.countryCode)].filter(Boolean).join(', ');
    }
    case 'currency':
      return currencyName(order.currency);
    case 'lines':
      return (
        <Box component="ul" sx={{ m: 0, pl: 2 }}>
          {order.lines.map((l, i) => (
            <li key={`${l.sku}-${i}`}>
              {l.quantity} × {l.name} ({l.sku}) at {formatMoney(l.unitPrice, order.currency)}
            </li>
          ))}
        </Box>
      );
    case 'shippingCost':
      return formatMoney(order.shippingCost, order.currency);
    case 'note':
      return order.note ?? '(no note)';
    case 'deleted':
      return order.deleted ? 'Deleted' : 'Not deleted';
  }
}

/** One field that differs: which side's value to keep (a radio group named by the field). */
const FieldChoice = ({
  field,
  ours,
  theirs,
  value,
  sides,
  onChange,
}: {
  field: MergeField;
  ours: Order;
  theirs: Order;
  value: Choice[MergeField];
  sides: Sides;
  onChange: (value: Choice[MergeField]) => void;
}) => {
  const labelId = `resolve-field-${field}`;
  return (
    <TableRow data-field={field}>
      <TableCell component="th" scope="row" sx={{ fontWeight: 600, verticalAlign: 'top', whiteSpace: 'nowrap' }}>
        <span id={labelId}>{FIELD_LABELS[field]}</span>
      </TableCell>
      <TableCell colSpan={2} sx={{ verticalAlign: 'top' }}>
        <RadioGroup row aria-labelledby={labelId} name={`take-${field}`} value={value} onChange={(e) => onChange(e.target.value as Choice[MergeField])} sx={{ flexWrap: 'nowrap', gap: 2 }}>
          {(['OURS', 'THEIRS'] as const).map((side) => (
            <FormControlLabel
              key={side}
              value={side}
              control={<Radio />}
              data-side={side === 'OURS' ? 'ours' : 'theirs'}
              sx={{ flex: 1, alignItems: 'flex-start', m: 0, '& .MuiRadio-root': { mt: -0.75 } }}
              label={
                <Box>
                  <Typography variant="body2" sx={{ fontWeight: 600 }}>
                    {side === 'OURS' ? sides.hereLong : sides.other}
                  </Typography>
                  <Typography variant="body2" component="div">
                    {renderValue(side === 'OURS' ? ours : theirs, field)}
                  </Typography>
                </Box>
              }
            />
          ))}
        </RadioGroup>
      </TableCell>
    </TableRow>
  );
};

/** The order as the resolution would leave it. */
const Preview = ({ result, changed, sides }: { result: Order; changed: MergeField[]; sides: Sides }) => (
  <Card variant="outlined" component="section" aria-labelledby="resolve-preview-title" data-testid="resolve-preview">
    <CardHeader
      title="Result"
      subheader={changed.length ? `Differs from ${sides.hereLong} in: ${changed.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ')}` : `The same as ${sides.hereLong}`}
      slotProps={{ title: { id: 'resolve-preview-title', variant: 'h6', component: 'h2' } }}
      sx={{ pb: 0 }}
    />
    <CardContent>
      <Table size="small" aria-label="Result">
        <TableBody>
          {MERGE_FIELDS.map((field) => (
            <TableRow key={field} data-field={field}>
              <TableCell component="th" scope="row" sx={{ width: 180, fontWeight: changed.includes(field) ? 700 : 400 }}>
                {FIELD_LABELS[field]}
              </TableCell>
              <TableCell>{renderValue(result, field)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell component="th" scope="row" sx={{ fontWeight: 700 }}>
              Total
            </TableCell>
            <TableCell sx={{ fontWeight: 700 }} data-testid="resolve-preview-total">
              {formatMoney(result.total, result.currency)}
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
    </CardContent>
  </Card>
);

type Pending = { take: ResolutionTake; title: string; content: string } | null;

const ResolveView = ({ order }: { order: OrderWithTheirs }) => {
  const dataProvider = useDataProvider<OrdersDataProvider>();
  const notify = useNotify();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const invalidateCollisions = useInvalidateCollisions();
  // The remote the collision is with, by its label (a peer's label is its instance name).
  const sides = useSides(order.sync.remoteLabel || order.peer?.name);
  const theirs = order.sync.theirs ?? null;
  const [choice, setChoice] = useState<Choice>(() => Object.fromEntries(MERGE_FIELDS.map((f) => [f, 'OURS'])) as Choice);
  const [confirming, setConfirming] = useState<Pending>(null);

  const differing = MERGE_FIELDS.filter((f) => differs(order, theirs, f));
  const same = MERGE_FIELDS.filter((f) => !differing.includes(f));
  const result = useMemo(() => previewResult(order, theirs, choice), [order, theirs, choice]);
  const fromTheirs = differing.filter((f) => choice[f] === 'THEIRS');

  const resolve = useMutation({
    mutationFn: async (take: ResolutionTake) =>
      expectResult<SyncedOrder>(await dataProvider.resolveCollision({ orderId: order.id, take, fields: take === 'MERGE' ? choice : undefined, remote: order.sync.remote || null }), 'code'),
    onSuccess: async (resolved, take) => {
      const how =
        take === 'OURS' ? `kept ${sides.hereLong}` : take === 'THEIRS' ? `took ${sides.other}’s copy` : fromTheirs.length ? `took ${fromTheirs.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ')} from ${sides.other}` : `kept ${sides.hereLong}`;
      notify(`Order ${resolved.code} resolved (${how}); it goes to ${sides.other} now`, { type: 'success' });
      await invalidateCollisions();
      await queryClient.invalidateQueries({ queryKey: ['orders'] });
      navigate(`/orders/${order.id}/show`);
    },
    onError: (error: Error) => notify(error.message, { type: 'error' }),
  });

  const inCollision = needsResolution(order.sync.state);
  const busy = resolve.isPending;
  const lostFields = (fields: MergeField[]) => (fields.length ? fields.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ') : 'nothing');

  return (
    <Box sx={{ p: 2, maxWidth: 1200 }}>
      <Title title={`Resolve ${order.code}`} />
      <Stack direction="row" sx={{ gap: 2, alignItems: 'center', flexWrap: 'wrap', mb: 1 }}>
        <Typography variant="h5" component="h1">
          Resolve order <Link to={`/orders/${order.id}/show`}>{order.code}</Link>
        </Typography>
        <SyncStateBadge state={order.sync.state} />
      </Stack>
      {!inCollision && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Order {order.code} needs no resolution now. <Link to={`/orders/${order.id}/show`}>Open the order</Link>.
        </Alert>
      )}
      <Typography variant="body1" sx={{ mb: 1 }} data-testid="collision-remote">
        {order.sync.state === 'COLLISION' ? 'Collision' : 'Sync error'} with <strong>{sides.other}</strong>
        {order.sync.remote && order.sync.remote !== sides.other ? ` (remote ${order.sync.remote})` : ''}.
      </Typography>
      <Typography variant="body1" sx={{ mb: 1 }}>
        {errorReasonWords(order.sync.reason, sides.other) ?? 'This order was changed on both sides.'} Choose, for each field that differs, the value to keep: the result
        is saved in {sides.hereLong} and sent to {sides.other}, and both end in sync.
      </Typography>
      {!theirs && (
        <Alert severity="info" sx={{ mb: 2 }}>
          {sides.other}’s copy is not known here: only keeping {sides.hereLong}’s copy is possible.
        </Alert>
      )}

      <Stack direction={{ xs: 'column', lg: 'row' }} sx={{ gap: 2, alignItems: 'flex-start' }}>
        <Box sx={{ flex: 3, minWidth: 0, width: '100%' }}>
          {theirs && (
            <Card variant="outlined" component="section" aria-labelledby="resolve-differ-title">
              <CardHeader
                title={differing.length ? `${differing.length} field${differing.length === 1 ? '' : 's'} differ${differing.length === 1 ? 's' : ''}` : 'No field differs'}
                slotProps={{ title: { id: 'resolve-differ-title', variant: 'h6', component: 'h2' } }}
                sx={{ pb: 0 }}
              />
              <CardContent sx={{ overflowX: 'auto' }}>
                <Table size="small" aria-labelledby="resolve-differ-title">
                  <TableHead>
                    <TableRow>
                      <TableCell sx={{ width: 160 }}>Field</TableCell>
                      {/* Each radio takes half of the row's choice cell: the headers match them. */}
                      <TableCell sx={{ width: '42%' }}>{sides.hereLong}</TableCell>
                      <TableCell sx={{ width: '42%' }}>{sides.other}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {differing.map((field) => (
                      <FieldChoice
                        key={field}
                        field={field}
                        ours={order}
                        theirs={theirs}
                        value={choice[field]}
                        sides={sides}
                        onChange={(value) => setChoice((c) => ({ ...c, [field]: value }))}
                      />
                    ))}
                  </TableBody>
                </Table>
              </CardContent>
            </Card>
          )}
          {same.length > 0 && (
            <Accordion variant="outlined" disableGutters sx={{ mt: 2, '&:before': { display: 'none' } }}>
              <AccordionSummary expandIcon={<ExpandMoreIcon />} aria-controls="resolve-same-content" id="resolve-same-header">
                <Typography variant="body2">
                  {same.length} field{same.length === 1 ? ' is' : 's are'} the same on both sides: {same.map((f) => FIELD_LABELS[f].toLowerCase()).join(', ')}
                </Typography>
              </AccordionSummary>
              <AccordionDetails id="resolve-same-content">
                <Table size="small" aria-label="Fields that are the same on both sides">
                  <TableBody>
                    {same.map((field) => (
                      <TableRow key={field} data-field={field}>
                        <TableCell component="th" scope="row" sx={{ width: 180 }}>
                          {FIELD_LABELS[field]}
                        </TableCell>
                        <TableCell>{renderValue(order, field)}</TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              </AccordionDetails>
            </Accordion>
          )}
          <TechnicalDetails>
            <Box>
              <Typography variant="caption" color="text.secondary" component="div">
                Seed state
              </Typography>
              <Typography variant="body2">{seedName(order.sync.state)}</Typography>
            </Box>
            <Box>
              <Typography variant="caption" color="text.secondary" component="div">
                Versions
              </Typography>
              <Typography variant="body2">
                {sides.here}: v{order.version}; {sides.other}: v{order.sync.theirsVersion ?? '—'}; last agreed: v{order.sync.ackedVersion}
              </Typography>
            </Box>
            <Box>
              <Typography variant="caption" color="text.secondary" component="div">
                Rule recorded
              </Typography>
              <Typography variant="body2">{order.sync.reason ?? '—'}</Typography>
            </Box>
          </TechnicalDetails>
        </Box>
        <Box sx={{ flex: 2, minWidth: 0, width: '100%' }}>
          <Preview result={result} changed={fromTheirs} sides={sides} />
        </Box>
      </Stack>

      <Stack direction="row" sx={{ gap: 2, mt: 2, flexWrap: 'wrap' }}>
        <Button variant="contained" disabled={!inCollision || busy} onClick={() => resolve.mutate('MERGE')}>
          Apply this result
        </Button>
        <Button
          variant="outlined"
          disabled={!inCollision || busy}
          onClick={() =>
            setConfirming({
              take: 'OURS',
              title: `Keep ${sides.hereLong}’s copy of ${order.code}?`,
              content: `${sides.other}’s changes to ${lostFields(differing)} are discarded; ${sides.hereLong}’s copy goes to ${sides.other}.`,
            })
          }
        >
          Keep all of {sides.hereLong}
        </Button>
        <Button
          variant="outlined"
          disabled={!inCollision || !theirs || busy}
          onClick={() =>
            setConfirming({
              take: 'THEIRS',
              title: `Take ${sides.other}’s copy of ${order.code}?`,
              content: `${sides.hereLong}’s changes to ${lostFields(differing)} are discarded; ${sides.other}’s copy is kept on both sides.`,
            })
          }
        >
          Take all of {sides.other}
        </Button>
      </Stack>
      <Confirm
        isOpen={confirming !== null}
        loading={busy}
        title={confirming?.title ?? ''}
        content={confirming?.content ?? ''}
        confirm="Confirm"
        cancel="Cancel"
        onConfirm={() => {
          if (confirming) resolve.mutate(confirming.take);
          setConfirming(null);
        }}
        onClose={() => setConfirming(null)}
      />
    </Box>
  );
};

/** /collisions/:id/resolve: what differs between the two sides, the choice per field, the result. */
export const CollisionResolve = () => {
  const { id } = useParams<{ id: string }>();
  const { data, isPending, error } = useGetOne<OrderWithTheirs>('collisions', { id: id ?? '' }, { enabled: !!id, refetchOnWindowFocus: false });
  if (isPending) return <Loading />;
  // (An answer without an id is react-admin's empty one to a call refused while logging out.)
  if (error || !data?.id || !data.sync) {
    return (
      <Alert severity="error" sx={{ m: 2 }}>
        {error?.message ?? 'No such order'}
      </Alert>
    );
  }
  return <ResolveView order={data} />;
};

export default CollisionResolve;
