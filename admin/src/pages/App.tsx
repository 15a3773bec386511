import * as React from 'react';

import { Page } from '@strapi/strapi/admin';
import { Route, Routes } from 'react-router-dom';

import { PERMISSIONS } from '../permissions';
import { HomePage } from './HomePage';

/** The dashboard page brings the chart renderers and the grid: loaded only when a dashboard is opened. */
const DashboardPage = React.lazy(() =>
  import('./DashboardPage').then(({ DashboardPage: Component }) => ({ default: Component }))
);

const App = () => (
  <Page.Protect permissions={PERMISSIONS.read}>
    <Routes>
      <Route index element={<HomePage />} />
      <Route
        path=":id"
        element={
          <React.Suspense fallback={<Page.Loading />}>
            <DashboardPage />
          </React.Suspense>
        }
      />
      <Route path="*" element={<Page.Error />} />
    </Routes>
  </Page.Protect>
);

export default App;
