import * as React from 'react';

import { Button, EmptyStateLayout, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft, Check, Pencil } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';
import { useTheme } from 'styled-components';

import type { Dashboard } from '../../../contracts/dashboards';
import type { Theme } from '../charts';
import { DashboardGrid } from '../components/DashboardGrid';
import type { TileDataResult, TileDataStatus } from '../components/TileCard';
import { PLUGIN_ID } from '../pluginId';
import { gridItemsOf, layoutChanges, type GridItem } from '../utils/layout';
import { getTranslationId } from '../utils/translations';
import { useAdminGet } from '../utils/useAdminGet';

interface DataResponse {
  id: string;
  name: string;
  tiles: TileDataResult[];
}

interface DataRequest {
  status: TileDataStatus;
  results: Map<string, TileDataResult>;
}

const NO_RESULTS = new Map<string, TileDataResult>();

/** GET /dashboards/dashboards/:id/data: every tile run now, each with its own error. */
const useTileData = (id: string): DataRequest => {
  const request = useAdminGet<DataResponse>(`/dashboards/${encodeURIComponent(id)}/data`);
  return React.useMemo(
    () =>
      request.status === 'loaded'
        ? { status: 'loaded', results: new Map(request.data.tiles.map((tile) => [tile.id, tile])) }
        : { status: request.status, results: NO_RESULTS },
    [request]
  );
};

/** The renderers draw canvases, which CSS variables do not reach: they follow the admin's colour scheme. */
const useChartTheme = (): Theme => (useTheme()?.colorScheme === 'dark' ? 'dark' : 'light');

export const DashboardPage = () => {
  const { id = '' } = useParams<{ id: string }>();
  const { formatMessage } = useIntl();
  // the dashboard with its tiles, layout and the caller's permissions
  const request = useAdminGet<Dashboard>(`/dashboards/${encodeURIComponent(id)}`);
  const data = useTileData(id);

  if (request.status === 'loading') {
    return (
      <Page.Loading>
        {formatMessage({
          id: getTranslationId('dashboard.loading'),
          defaultMessage: 'Loading the dashboard.',
        })}
      </Page.Loading>
    );
  }
  if (request.status === 'error') {
    return (
      <Page.Error
        content={formatMessage({
          id: getTranslationId('dashboard.error'),
          defaultMessage: 'The dashboard could not be loaded. Please try again.',
        })}
      />
    );
  }
  // keyed so that another dashboard starts from its own saved layout
  return <DashboardView key={request.data.id} dashboard={request.data} data={data} />;
};

interface DashboardViewProps {
  dashboard: Dashboard;
  data: DataRequest;
}

const DashboardView = ({ dashboard, data }: DashboardViewProps) => {
  const { formatMessage } = useIntl();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const theme = useChartTheme();

  /** The positions the server has; `draft` holds the edited ones while in edit mode. */
  const [saved, setSaved] = React.useState<GridItem[]>(() => gridItemsOf(dashboard.tiles));
  const [draft, setDraft] = React.useState<GridItem[] | null>(null);
  const [isSaving, setIsSaving] = React.useState(false);
  const editing = draft !== null;
  const canEdit = dashboard.permissions.can_edit;

  const startEditing = () => setDraft(saved);
  const cancelEditing = () => setDraft(null);

  const saveLayout = async () => {
    if (!draft) return;
    const changes = layoutChanges(saved, draft);
    if (!changes) {
      setDraft(null);
      return;
    }
    setIsSaving(true);
    try {
      await put(`/${PLUGIN_ID}/dashboards/${encodeURIComponent(dashboard.id)}/tiles/layout`, changes);
      setSaved(draft);
      setDraft(null);
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTranslationId('dashboard.save.success'),
          defaultMessage: 'The layout has been saved.',
        }),
      });
    } catch {
      // all or nothing on the server: the saved positions are still the previous ones
      setDraft(null);
      toggleNotification({
        type: 'danger',
        message: formatMessage({
          id: getTranslationId('dashboard.save.error'),
          defaultMessage: 'The layout could not be saved. The previous layout has been restored.',
        }),
      });
    } finally {
      setIsSaving(false);
    }
  };

  const backLink = (
    <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}`} startIcon={<ArrowLeft />}>
      {formatMessage({ id: getTranslationId('dashboard.back'), defaultMessage: 'Back' })}
    </Link>
  );

  let actions: React.ReactNode = null;
  if (canEdit && editing) {
    actions = (
      <Flex gap={2}>
        <Button variant="tertiary" onClick={cancelEditing} disabled={isSaving}>
          {formatMessage({ id: getTranslationId('dashboard.cancel'), defaultMessage: 'Cancel' })}
        </Button>
        <Button startIcon={<Check />} onClick={() => void saveLayout()} loading={isSaving}>
          {formatMessage({ id: getTranslationId('dashboard.save'), defaultMessage: 'Save' })}
        </Button>
      </Flex>
    );
  } else if (canEdit && dashboard.tiles.length > 0) {
    actions = (
      <Button variant="secondary" startIcon={<Pencil />} onClick={startEditing}>
        {formatMessage({ id: getTranslationId('dashboard.edit'), defaultMessage: 'Edit layout' })}
      </Button>
    );
  }

  return (
    <Page.Main data-testid="dashboard-page">
      <Page.Title>{dashboard.name}</Page.Title>
      <Layouts.Header
        navigationAction={backLink}
        title={dashboard.name}
        subtitle={dashboard.description ?? undefined}
        primaryAction={actions}
      />
      <Layouts.Content>
        {dashboard.tiles.length === 0 ? (
          <EmptyStateLayout
            icon={<EmptyDocuments width="16rem" />}
            content={formatMessage({
              id: getTranslationId('dashboard.empty'),
              defaultMessage: 'This dashboard has no tiles yet.',
            })}
          />
        ) : (
          <>
            {editing && (
              <Typography tag="p" variant="omega" textColor="neutral600" paddingBottom={4}>
                {formatMessage({
                  id: getTranslationId('dashboard.editHint'),
                  defaultMessage:
                    'Drag a tile by its title to move it, or by its lower right corner to resize it, then save the layout.',
                })}
              </Typography>
            )}
            <DashboardGrid
              tiles={dashboard.tiles}
              layout={dashboard.layout}
              items={draft ?? saved}
              results={data.results}
              status={data.status}
              theme={theme}
              editing={editing}
              onItemsChange={setDraft}
            />
          </>
        )}
      </Layouts.Content>
    </Page.Main>
  );
};
