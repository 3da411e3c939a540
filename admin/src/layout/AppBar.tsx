import { Box, Typography } from '@mui/material';
import { LoadingIndicator, AppBar as RaAppBar, TitlePortal, type AppBarProps } from 'react-admin';
import { appTitle, useInstance } from '../instance';

/** The app bar in the instance's colour, with "Orders · A" before the page title. */
export const AppBar = (props: AppBarProps) => {
  const instance = useInstance();
  return (
    <RaAppBar
      {...props}
      // react-admin's indicator passes its other props to its spinner: give the spinner a name.
      toolbar={<LoadingIndicator {...({ 'aria-label': 'Loading' } as object)} />}
      data-instance={instance.name}
      sx={{ backgroundColor: instance.color, color: '#fff', '& .RaAppBar-toolbar': { backgroundColor: instance.color } }}
    >
      <Typography
        variant="h6"
        component="div"
        data-testid="instance-title"
        sx={{ fontWeight: 600, whiteSpace: 'nowrap', mr: 2 }}
      >
        {appTitle(instance)}
      </Typography>
      <Box component="span" sx={{ opacity: 0.6, mr: 2 }} aria-hidden>
        |
      </Box>
      {/* The page title is the page's main heading. */}
      <TitlePortal variant="h6" component="h1" />
    </RaAppBar>
  );
};
