import * as React from 'react';

import { EmptyStateLayout, Typography } from '@strapi/design-system';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useFetchClient } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { ListDashboardsResponse } from '../../../contracts/dashboards';
import { DashboardsTable } from '../components/DashboardsTable';
import { PLUGIN_ID } from '../pluginId';
import { getTranslationId } from '../utils/translations';

type DashboardsRequest =
  { status: 'loading' } | { status: 'error' } | { status: 'loaded'; response: ListDashboardsResponse };

/** Loads the first page of the dashboards the admin may see (GET /dashboards/dashboards). */
const useDashboardsList = (): DashboardsRequest => {
  const { get } = useFetchClient();
  const [request, setRequest] = React.useState<DashboardsRequest>({ status: 'loading' });

  React.useEffect(() => {
    let isCurrent = true;
    get<ListDashboardsResponse>(`/${PLUGIN_ID}/dashboards`)
      .then(({ data }) => {
        if (isCurrent) setRequest({ status: 'loaded', response: data });
      })
      .catch(() => {
        if (isCurrent) setRequest({ status: 'error' });
      });
    return () => {
      isCurrent = false;
    };
  }, [get]);

  return request;
};

export const HomePage = () => {
  const { formatMessage } = useIntl();
  const request = useDashboardsList();

  // Page.Loading and Page.Error render a whole page (a <main>) of their own, as in Strapi's own pages.
  if (request.status === 'loading') {
    return (
      <Page.Loading>
        {formatMessage({ id: getTranslationId('home.loading'), defaultMessage: 'Loading dashboards.' })}
      </Page.Loading>
    );
  }
  if (request.status === 'error') {
    return (
      <Page.Error
        content={formatMessage({
          id: getTranslationId('home.error'),
          defaultMessage: 'The dashboards could not be loaded. Please try again.',
        })}
      />
    );
  }

  const { data: dashboards, pagination } = request.response;
  const title = formatMessage({ id: getTranslationId('plugin.name'), defaultMessage: 'Dashboards' });

  return (
    <Page.Main data-testid="dashboards-home">
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={formatMessage({
          id: getTranslationId('home.subtitle'),
          defaultMessage: 'Charts, KPIs and tables built on your content and databases',
        })}
      />
      <Layouts.Content>
        {dashboards.length === 0 ? (
          <EmptyStateLayout
            icon={<EmptyDocuments width="16rem" />}
            content={formatMessage({
              id: getTranslationId('home.empty'),
              defaultMessage: 'There are no dashboards yet.',
            })}
          />
        ) : (
          <>
            <DashboardsTable dashboards={dashboards} />
            {pagination.total > dashboards.length && (
              <Typography tag="p" variant="pi" textColor="neutral600" paddingTop={4}>
                {formatMessage(
                  {
                    id: getTranslationId('home.partialList'),
                    defaultMessage: 'Showing {shown} of {total} dashboards.',
                  },
                  { shown: dashboards.length, total: pagination.total }
                )}
              </Typography>
            )}
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
