import { ORDER_STATUSES, SYNC_STATES } from '../dataProvider/types';

export const STATUS_CHOICES = ORDER_STATUSES.map((id) => ({ id, name: id }));
export const SYNC_STATE_CHOICES = SYNC_STATES.map((id) => ({ id, name: id }));
