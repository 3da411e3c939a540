import ShoppingCartIcon from '@mui/icons-material/ShoppingCart';
import { lazy } from 'react';

// The pages load on demand: the login page needs none of them.
const OrderList = lazy(() => import('./OrderList'));
const OrderShow = lazy(() => import('./OrderShow'));
const OrderEdit = lazy(() => import('./OrderEdit'));
const OrderCreate = lazy(() => import('./OrderCreate'));

export default {
  list: OrderList,
  show: OrderShow,
  edit: OrderEdit,
  create: OrderCreate,
  icon: ShoppingCartIcon,
  recordRepresentation: 'code',
  options: { label: 'Orders' },
};
