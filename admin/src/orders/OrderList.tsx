import {
  BooleanInput,
  CreateButton,
  DataTable,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
} from 'react-admin';
import type { SyncedOrder } from '../dataProvider/model';
import { formatDateTime } from '../format';
import { formatMoney } from '../money';
import { FollowCollisionCount } from '../layout/collisionCount';
import { statusLabel } from '../words';
import { STATUS_CHOICES, SYNC_STATE_CHOICES } from './choices';
import { SyncStateField } from './SyncStateBadge';

const orderFilters = [
  <SearchInput key="q" source="q" alwaysOn placeholder="Search" slotProps={{ htmlInput: { 'aria-label': 'Search' } }} />,
  <SelectInput key="status" source="status" label="Status" choices={STATUS_CHOICES} alwaysOn emptyText="Any" />,
  <SelectInput key="syncStates" source="syncStates" label="Sync state" choices={SYNC_STATE_CHOICES} alwaysOn emptyText="Any" />,
  <BooleanInput key="deleted" source="deleted" label="Deleted" alwaysOn />,
];

const ListActions = () => (
  <TopToolbar>
    <CreateButton />
  </TopToolbar>
);

const Col = DataTable.Col<SyncedOrder>;

/** Every order with its sync state; refreshed every 3 s so changes from the other instance appear. */
export const OrderList = () => (
  <List
    title="Orders"
    filters={orderFilters}
    actions={<ListActions />}
    sort={{ field: 'updatedAt', order: 'DESC' }}
    perPage={25}
    // Filters apply 300 ms after the last keystroke (react-admin's default is 500 ms).
    debounce={300}
    queryOptions={{ refetchInterval: 3000 }}
    // Filters stay visible when nothing matches (e.g. to switch "Deleted" on when every order is deleted).
    empty={false}
  >
    <DataTable<SyncedOrder> rowClick="show" bulkActionButtons={false} rowSx={(record) => (record.deleted ? { opacity: 0.6, '& td': { textDecoration: 'line-through' } } : {})}>
      <Col source="code" label="Code" />
      <Col source="customer.name" label="Customer" />
      <Col source="status" label="Status" render={(record) => statusLabel(record.status)} />
      <Col
        source="total"
        label="Total"
        align="right"
        render={(record) => formatMoney(record.total, record.currency)}
        sx={{ fontVariantNumeric: 'tabular-nums' }}
      />
      <Col label="Sync" disableSort>
        <SyncStateField />
      </Col>
      <Col source="updatedAt" label="Updated" render={(record) => formatDateTime(record.updatedAt)} sx={{ whiteSpace: 'nowrap' }} />
    </DataTable>
    <FollowCollisionCount />
  </List>
);

export default OrderList;
