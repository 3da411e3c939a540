import { Typography } from '@mui/material';
import { DataTable, DateField, List } from 'react-admin';
import type { SyncedOrder } from '../dataProvider/types';
import { SyncStateField } from '../orders/SyncStateBadge';

const Col = DataTable.Col<SyncedOrder>;

const Empty = () => (
  <Typography sx={{ p: 3 }} color="text.secondary">
    No collisions: every order agrees with the other instance (or is on its way there).
  </Typography>
);

/** Orders waiting for an admin: COLLISION, ERROR and ERROR_SYNCED. A row opens its resolve page. */
export const CollisionList = () => (
  <List title="Collisions" actions={false} perPage={25} queryOptions={{ refetchInterval: 3000 }} empty={<Empty />} disableSyncWithLocation>
    <DataTable rowClick={(id) => `/collisions/${id}/resolve`} bulkActionButtons={false}>
      <Col source="code" label="Code" disableSort />
      <Col source="customer.name" label="Customer" disableSort />
      <Col label="Sync" disableSort>
        <SyncStateField />
      </Col>
      <Col label="Reason" disableSort render={(record) => record.sync?.reason ?? ''} sx={{ maxWidth: 480 }} />
      <Col source="updatedAt" label="Updated" disableSort>
        <DateField source="updatedAt" showTime />
      </Col>
    </DataTable>
  </List>
);

export default CollisionList;
