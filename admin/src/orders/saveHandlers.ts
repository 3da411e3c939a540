import { useNotify, useRedirect } from 'react-admin';
import type { ErrorBody } from '../dataProvider/client';
import type { SyncedOrder } from '../dataProvider/model';
import { useInvalidateCollisions } from '../layout/collisionCount';

/**
 * What the order pages do after a save: a notice that names the order ("Order B-000003 saved"),
 * the order's page; on a refusal, the server's words once, on their fields (react-admin puts
 * `body.errors` there), with one line above them saying that nothing was saved.
 */
export function useSaveHandlers(verb: 'created' | 'saved') {
  const notify = useNotify();
  const redirect = useRedirect();
  const invalidateCollisions = useInvalidateCollisions();
  const onSuccess = (order: SyncedOrder) => {
    notify(`Order ${order.code} ${verb}`, { type: 'success' });
    void invalidateCollisions();
    redirect('show', 'orders', order.id);
  };
  const onError = (error: unknown) => {
    const errors = (error as { body?: ErrorBody } | null)?.body?.errors;
    if (errors && Object.keys(errors).length > 0) {
      notify('Not saved: correct the fields marked in red', { type: 'error' });
      return;
    }
    notify(error instanceof Error ? error.message : 'Not saved: the server did not answer', { type: 'error' });
  };
  return { onSuccess, onError };
}
