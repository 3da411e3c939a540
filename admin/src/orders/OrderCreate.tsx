import { Create } from 'react-admin';
import { OrderForm } from './OrderForm';
import { fromFormValues, type OrderFormValues } from './orderFormValues';
import { useSaveHandlers } from './saveHandlers';

export const OrderCreate = () => {
  const { onSuccess, onError } = useSaveHandlers('created');
  return (
    <Create title="New order" transform={(values: OrderFormValues) => fromFormValues(values)} mutationOptions={{ onSuccess, onError }}>
      <OrderForm />
    </Create>
  );
};

export default OrderCreate;
