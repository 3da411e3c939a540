import { Alert, Button } from '@mui/material';
import { useState } from 'react';
import {
  DeleteWithConfirmButton,
  Edit,
  Link,
  ListButton,
  SaveButton,
  ShowButton,
  Toolbar,
  TopToolbar,
  useEditContext,
  useNotify,
  useRecordContext,
} from 'react-admin';
import type { ErrorBody } from '../dataProvider/client';
import { NEEDS_RESOLUTION, type SyncedOrder } from '../dataProvider/types';
import { ConflictDialog, conflictOf, type Conflict } from './ConflictDialog';
import { OrderForm } from './OrderForm';
import { fromFormValues, type OrderFormValues } from './orderFormValues';

const OrderTitle = () => {
  const record = useRecordContext<SyncedOrder>();
  return <span>Edit order {record?.code ?? ''}</span>;
};

const EditActions = () => (
  <TopToolbar>
    <ShowButton />
    <ListButton />
  </TopToolbar>
);

/** Save, and Delete with a confirmation (pessimistic: deleted only once the server agrees). */
const EditToolbar = () => {
  const { record } = useEditContext<SyncedOrder>();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {record && !record.deleted && (
        <DeleteWithConfirmButton record={record} mutationMode="pessimistic" confirmTitle={`Delete order ${record.code}?`} confirmContent="The order is deleted on both instances. A deleted order cannot be changed or restored." />
      )}
    </Toolbar>
  );
};

/** Warnings above the form: the order cannot be saved as it is. */
const EditBanner = () => {
  const record = useRecordContext<SyncedOrder>();
  if (!record) return null;
  if (record.deleted) return <Alert severity="info" sx={{ m: 2, mb: 0 }}>This order is deleted: it cannot be changed.</Alert>;
  if (NEEDS_RESOLUTION.includes(record.sync?.state)) {
    return (
      <Alert
        severity="error"
        sx={{ m: 2, mb: 0 }}
        action={
          <Button component={Link} to={`/collisions/${record.id}/resolve`} color="inherit" size="small">
            Resolve collision
          </Button>
        }
      >
        This order is in {record.sync.state}: it cannot be edited until the collision is resolved.
      </Alert>
    );
  }
  return null;
};

const ConflictHandler = ({ conflict, onClose }: { conflict: Conflict | null; onClose: () => void }) => {
  const { refetch, record } = useEditContext<SyncedOrder>();
  return <ConflictDialog conflict={conflict} orderId={record?.id} onReload={() => refetch()} onClose={onClose} />;
};

export const OrderEdit = () => {
  const notify = useNotify();
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const onError = (error: unknown) => {
    const found = conflictOf(error);
    if (found) {
      setConflict(found);
      return;
    }
    const errors = (error as { body?: ErrorBody } | null)?.body?.errors;
    if (errors && Object.keys(errors).length > 0) return; // shown on the inputs
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };
  return (
    <Edit
      title={<OrderTitle />}
      actions={<EditActions />}
      mutationMode="pessimistic"
      mutationOptions={{ onError }}
      transform={(values: OrderFormValues) => fromFormValues(values)}
      redirect="show"
    >
      <EditBanner />
      <OrderForm toolbar={<EditToolbar />} />
      <ConflictHandler conflict={conflict} onClose={() => setConflict(null)} />
    </Edit>
  );
};

export default OrderEdit;
