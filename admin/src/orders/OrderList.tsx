import {
  BooleanInput,
  CreateButton,
  DataTable,
  DateField,
  List,
  SearchInput,
  SelectInput,
  TopToolbar,
} from 'react-admin';
import type { SyncedOrder } from '../dataProvider/types';
import { formatMoney } from '../money';
import { STATUS_CHOICES, SYNC_STATE_CHOICES } from './choices';
import { SyncStateField } from './SyncStateBadge';

const orderFilters = [
  <SearchInput key="q" source="q" alwaysOn slotProps={{ htmlInput: { 'aria-label': 'Search' } }} />,
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
    queryOptions={{ refetchInterval: 3000 }}
    // Filters stay visible when nothing matches (e.g. to switch "Deleted" on when every order is deleted).
    empty={false}
  >
    <DataTable<SyncedOrder> rowClick="show" bulkActionButtons={false} rowSx={(record) => (record.deleted ? { opacity: 0.6, '& td': { textDecoration: 'line-through' } } : {})}>
      <Col source="code" label="Code" />
      <Col source="customer.name" label="Customer" />
      <Col source="status" label="Status" />
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
      <Col source="updatedAt" label="Updated">
        <DateField source="updatedAt" showTime />
      </Col>
    </DataTable>
  </List>
);

export default OrderList;
