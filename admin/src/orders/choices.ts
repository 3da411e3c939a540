import { ORDER_STATUSES, SYNC_STATES } from '../dataProvider/model';
import { STATUS_LABELS, SYNC_STATE_WORDS } from '../words';

export const STATUS_CHOICES = ORDER_STATUSES.map((id) => ({ id, name: STATUS_LABELS[id] }));
export const SYNC_STATE_CHOICES = SYNC_STATES.map((id) => ({ id, name: SYNC_STATE_WORDS[id].label }));
