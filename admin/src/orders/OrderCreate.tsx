import { Create, useNotify } from 'react-admin';
import type { ErrorBody } from '../dataProvider/client';
import { OrderForm } from './OrderForm';
import { fromFormValues, type OrderFormValues } from './orderFormValues';

export const OrderCreate = () => {
  const notify = useNotify();
  const onError = (error: unknown) => {
    const errors = (error as { body?: ErrorBody } | null)?.body?.errors;
    if (errors && Object.keys(errors).length > 0) return; // shown on the inputs
    notify(error instanceof Error ? error.message : 'ra.notification.http_error', { type: 'error' });
  };
  return (
    <Create
      title="New order"
      transform={(values: OrderFormValues) => fromFormValues(values)}
      mutationOptions={{ onError }}
      redirect="show"
    >
      <OrderForm />
    </Create>
  );
};

export default OrderCreate;
