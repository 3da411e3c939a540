import { Alert, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import { useState } from 'react';
import { HttpError, Link } from 'react-admin';
import type { ErrorBody } from '../dataProvider/client';

export interface Conflict {
  kind: 'version' | 'collision' | 'deleted' | 'other';
  message: string;
  currentVersion?: number;
}

/** A CONFLICT (409) from a save, told apart by what the server says in its extensions. */
export function conflictOf(error: unknown): Conflict | null {
  if (!(error instanceof HttpError) || error.status !== 409) return null;
  const ext = (error.body as ErrorBody | undefined)?.extensions ?? {};
  const kind: Conflict['kind'] = ext.syncState
    ? 'collision'
    : ext.field === 'expectedVersion'
      ? 'version'
      : ext.field === 'deleted'
        ? 'deleted'
        : 'other';
  return { kind, message: error.message, currentVersion: typeof ext.currentVersion === 'number' ? ext.currentVersion : undefined };
}

const TITLES: Record<Conflict['kind'], string> = {
  version: 'This order was changed meanwhile',
  collision: 'This order is in collision',
  deleted: 'This order is deleted',
  other: 'The change was refused',
};

const ADVICE: Record<Conflict['kind'], string> = {
  version: 'Someone else (or the other instance, through the sync) saved it first. Reload to see the current version, then apply your change again.',
  collision: 'It was changed on both instances at once. Resolve the collision before editing it.',
  deleted: 'A deleted order cannot be changed.',
  other: 'Reload to see the current version.',
};

/**
 * Shown when a save is refused with CONFLICT: the order changed meanwhile (here or through the
 * sync), it is in collision and must be resolved first, or it is deleted. "Reload" fetches it again.
 */
export const ConflictDialog = ({
  conflict,
  orderId,
  onReload,
  onClose,
}: {
  conflict: Conflict | null;
  orderId?: string;
  onReload: () => Promise<unknown> | void;
  onClose: () => void;
}) => {
  const [reloading, setReloading] = useState(false);
  const reload = async () => {
    setReloading(true);
    try {
      await onReload();
    } finally {
      setReloading(false);
      onClose();
    }
  };
  const kind = conflict?.kind ?? 'other';
  return (
    <Dialog open={conflict !== null} onClose={onClose} aria-labelledby="conflict-title" aria-describedby="conflict-text">
      <DialogTitle id="conflict-title">{TITLES[kind]}</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }}>
          Your changes were not saved.
        </Alert>
        <DialogContentText id="conflict-text">{conflict?.message}</DialogContentText>
        <DialogContentText sx={{ mt: 1 }}>{ADVICE[kind]}</DialogContentText>
      </DialogContent>
      <DialogActions>
        {kind === 'collision' && orderId && (
          <Button component={Link} to={`/collisions/${orderId}/resolve`} color="error">
            Resolve collision
          </Button>
        )}
        <Button onClick={onClose}>Cancel</Button>
        <Button onClick={() => void reload()} variant="contained" disabled={reloading} autoFocus>
          Reload
        </Button>
      </DialogActions>
    </Dialog>
  );
};
