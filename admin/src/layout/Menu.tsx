import CallSplitIcon from '@mui/icons-material/CallSplit';
import CodeIcon from '@mui/icons-material/Code';
import SyncIcon from '@mui/icons-material/Sync';
import { Badge, ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { Menu as RaMenu, useSidebarState } from 'react-admin';
import { useCollisionCount } from './collisionCount';

/**
 * Collisions, with the number waiting for an admin: from the sync status (refreshed every 3 s, and
 * at once after a resolution, a save or a refresh of the orders list).
 */
const CollisionsItem = () => {
  const count = useCollisionCount() ?? 0;
  return (
    <RaMenu.Item
      to="/collisions"
      primaryText="Collisions"
      aria-label={count ? `Collisions, ${count} waiting` : 'Collisions'}
      leftIcon={
        <Badge badgeContent={count} color="error" max={999} data-testid="collisions-waiting" data-count={count}>
          <CallSplitIcon />
        </Badge>
      }
    />
  );
};

/** The GraphQL playground is a page of its own, outside the admin's router. */
const PlaygroundItem = () => {
  const [open] = useSidebarState();
  return (
    <MenuItem component="a" href="/graphiql" sx={{ color: 'text.secondary' }}>
      <ListItemIcon sx={{ minWidth: 40 }}>
        <CodeIcon fontSize="small" />
      </ListItemIcon>
      {open && <ListItemText>GraphQL playground</ListItemText>}
    </MenuItem>
  );
};

export const Menu = () => (
  <RaMenu>
    <RaMenu.DashboardItem />
    <RaMenu.ResourceItem name="orders" />
    <CollisionsItem />
    <RaMenu.Item to="/sync" primaryText="Sync" leftIcon={<SyncIcon />} />
    <PlaygroundItem />
  </RaMenu>
);
