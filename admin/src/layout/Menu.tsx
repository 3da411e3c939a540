import CallSplitIcon from '@mui/icons-material/CallSplit';
import CodeIcon from '@mui/icons-material/Code';
import SyncIcon from '@mui/icons-material/Sync';
import { Badge, ListItemIcon, ListItemText, MenuItem } from '@mui/material';
import { Menu as RaMenu, useGetList, useSidebarState } from 'react-admin';

/** Collisions, with the number waiting for an admin (refreshed every few seconds). */
const CollisionsItem = () => {
  const { total } = useGetList('collisions', { pagination: { page: 1, perPage: 1 } }, { refetchInterval: 5000 });
  return (
    <RaMenu.Item
      to="/collisions"
      primaryText="Collisions"
      leftIcon={
        <Badge badgeContent={total ?? 0} color="error" max={999} data-testid="collisions-waiting">
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
