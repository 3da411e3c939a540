import CallSplitIcon from '@mui/icons-material/CallSplit';
import { Button, Typography } from '@mui/material';
import { DataTable, Link, List } from 'react-admin';
import type { SyncedOrder } from '../dataProvider/model';
import { formatDateTime } from '../format';
import { FollowCollisionCount } from '../layout/collisionCount';
import { SyncStateField } from '../orders/SyncStateBadge';
import { errorReasonWords } from '../words';

const Col = DataTable.Col<SyncedOrder>;

const Empty = () => (
  <Typography sx={{ p: 3 }} color="text.secondary">
    Nothing to resolve: every order agrees with the other side (or is on its way there).
  </Typography>
);

/** Orders waiting for an admin (changed on both sides, or in error), each with its Resolve button. */
export const CollisionList = () => (
  <List title="Collisions" actions={false} perPage={25} queryOptions={{ refetchInterval: 3000 }} empty={<Empty />} disableSyncWithLocation>
    <DataTable rowClick={(id) => `/collisions/${id}/resolve`} bulkActionButtons={false}>
      <Col source="code" label="Code" disableSort />
      <Col source="customer.name" label="Customer" disableSort />
      <Col label="Sync" disableSort>
        <SyncStateField />
      </Col>
      <Col label="With" disableSort render={(record) => record.sync?.remoteLabel || record.sync?.remote || ''} sx={{ whiteSpace: 'nowrap' }} />
      <Col label="Why" disableSort render={(record) => errorReasonWords(record.sync?.reason, record.sync?.remoteLabel || 'The other side') ?? ''} sx={{ maxWidth: 480 }} />
      <Col source="updatedAt" label="Changed" disableSort render={(record) => formatDateTime(record.updatedAt)} sx={{ whiteSpace: 'nowrap' }} />
      <Col
        label="Action"
        disableSort
        render={(record) => (
          <Button
            component={Link}
            to={`/collisions/${record.id}/resolve`}
            size="small"
            variant="contained"
            startIcon={<CallSplitIcon />}
            onClick={(event: React.MouseEvent) => event.stopPropagation()}
            aria-label={`Resolve ${record.code}`}
          >
            Resolve
          </Button>
        )}
      />
    </DataTable>
    <FollowCollisionCount />
  </List>
);

export default CollisionList;
