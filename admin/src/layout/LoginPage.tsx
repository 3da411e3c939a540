import { Box, Typography } from '@mui/material';
import { Login, LoginForm } from 'react-admin';
import { appTitle, useInstance } from '../instance';

/** react-admin's login page and form (Username, Password, Sign in), with the instance named. */
export const LoginPage = () => {
  const instance = useInstance();
  return (
    // The page's main landmark, around react-admin's login card.
    <Box component="main">
      <Login sx={{ background: `linear-gradient(160deg, ${instance.color} 0%, #263238 100%)` }}>
        <Typography variant="h5" component="h1" align="center" sx={{ mt: 1, fontWeight: 600 }} data-testid="instance-title">
          {appTitle(instance)}
        </Typography>
        <LoginForm />
      </Login>
    </Box>
  );
};
