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
import { needsResolution, type SyncedOrder } from '../dataProvider/model';
import { SYNC_STATE_WORDS } from '../words';
import { ConflictDialog, conflictOf, type Conflict } from './ConflictDialog';
import { OrderForm } from './OrderForm';
import { fromFormValues, type OrderFormValues } from './orderFormValues';
import { useSaveHandlers } from './saveHandlers';

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
  const notify = useNotify();
  return (
    <Toolbar sx={{ justifyContent: 'space-between' }}>
      <SaveButton />
      {record && !record.deleted && (
        <DeleteWithConfirmButton record={record} mutationMode="pessimistic" confirmTitle={`Delete order ${record.code}?`} confirmContent="The order is deleted on both instances. A deleted order cannot be changed or restored." mutationOptions={{ onSuccess: () => notify(`Order ${record.code} deleted`, { type: 'info' }) }} redirect="list" />
      )}
    </Toolbar>
  );
};

/** Warnings above the form: the order cannot be saved as it is. */
const EditBanner = () => {
  const record = useRecordContext<SyncedOrder>();
  if (!record) return null;
  if (record.deleted) return <Alert severity="info" sx={{ m: 2, mb: 0 }}>This order is deleted: it cannot be changed.</Alert>;
  if (needsResolution(record.sync?.state)) {
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
        {SYNC_STATE_WORDS[record.sync.state].label}: it cannot be edited until you choose what to keep.
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
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const saved = useSaveHandlers('saved');
  const onError = (error: unknown) => {
    const found = conflictOf(error);
    if (found) setConflict(found);
    else saved.onError(error);
  };
  return (
    <Edit
      title={<OrderTitle />}
      actions={<EditActions />}
      mutationMode="pessimistic"
      mutationOptions={{ onSuccess: saved.onSuccess, onError }}
      transform={(values: OrderFormValues) => fromFormValues(values)}
    >
      <EditBanner />
      <OrderForm toolbar={<EditToolbar />} />
      <ConflictHandler conflict={conflict} onClose={() => setConflict(null)} />
    </Edit>
  );
};

export default OrderEdit;
