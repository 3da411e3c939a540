import { lazy } from 'react';
import { Admin, Authenticated, CustomRoutes, memoryStore, Resource } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import collisions, { CollisionResolve } from './collisions';
import { dataProvider } from './dataProvider';
import { i18nProvider } from './i18n';
import { appTitle, InstanceContext, type InstanceInfo } from './instance';
import { Layout } from './layout/Layout';
import { LoginPage } from './layout/LoginPage';
import { theme } from './layout/theme';
import orders from './orders';

// Every page but the login loads on demand (React.lazy), in chunks of its own.
const Dashboard = lazy(() => import('./dashboard/Dashboard'));
const SyncPage = lazy(() => import('./sync/SyncPage'));
const RemoteCreatePage = lazy(() => import('./sync/RemoteFormPage').then((m) => ({ default: m.RemoteCreatePage })));
const RemoteEditPage = lazy(() => import('./sync/RemoteFormPage').then((m) => ({ default: m.RemoteEditPage })));

/** List filters, sort and page live in memory (and the URL), not in localStorage across sessions. */
const store = memoryStore();

export const App = ({ instance }: { instance: InstanceInfo }) => (
  <InstanceContext.Provider value={instance}>
    <Admin
      title={appTitle(instance)}
      dataProvider={dataProvider}
      authProvider={authProvider}
      i18nProvider={i18nProvider}
      dashboard={Dashboard}
      layout={Layout}
      loginPage={LoginPage}
      theme={theme}
      store={store}
      disableTelemetry
    >
      <Resource name="orders" {...orders} />
      <Resource name="collisions" {...collisions}>
        <Route
          path=":id/resolve"
          element={
            <Authenticated>
              <CollisionResolve />
            </Authenticated>
          }
        />
      </Resource>
      <Resource name="syncLog" />
      <Resource name="deadLetters" />
      <CustomRoutes>
        <Route
          path="/sync"
          element={
            <Authenticated>
              <SyncPage />
            </Authenticated>
          }
        />
        <Route
          path="/sync/remotes/create"
          element={
            <Authenticated>
              <RemoteCreatePage />
            </Authenticated>
          }
        />
        <Route
          path="/sync/remotes/:name/edit"
          element={
            <Authenticated>
              <RemoteEditPage />
            </Authenticated>
          }
        />
      </CustomRoutes>
    </Admin>
  </InstanceContext.Provider>
);
