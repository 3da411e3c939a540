import CallSplitIcon from '@mui/icons-material/CallSplit';
import { lazy } from 'react';

const CollisionList = lazy(() => import('./CollisionList'));
export const CollisionResolve = lazy(() => import('./CollisionResolve'));

export default {
  list: CollisionList,
  icon: CallSplitIcon,
  recordRepresentation: 'code',
  options: { label: 'Collisions' },
};
