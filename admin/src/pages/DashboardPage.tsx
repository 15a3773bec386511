import * as React from 'react';

import { Button, EmptyStateLayout, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft, Check, Pencil, Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useParams } from 'react-router-dom';
import { useTheme } from 'styled-components';

import type { Dashboard, Tile } from '../../../contracts/dashboards';
import type { Theme } from '../charts';
import { DashboardActions } from '../components/DashboardActions';
import { DashboardGrid } from '../components/DashboardGrid';
import { FiltersBar, type FilterValues } from '../components/FiltersBar';
import type { TileDataResult, TileDataStatus } from '../components/TileCard';
import { TileEditor } from '../components/TileEditor';
import { PLUGIN_ID } from '../pluginId';
import { gridItemsOf, layoutChanges, type GridItem } from '../utils/layout';
import { getTranslationId } from '../utils/translations';
import { useAdminGet } from '../utils/useAdminGet';
import { useAutoRefresh } from '../utils/useAutoRefresh';

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

/** The query string that hands the filters bar's values to the tiles (`params[name]=value`). */
const paramsQuery = (params: FilterValues): string => {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value !== '') search.append(`params[${name}]`, value);
  }
  const query = search.toString();
  return query ? `?${query}` : '';
};

/** GET /dashboards/dashboards/:id/data: every tile run now with the filters' values, each with its own error. */
const useTileData = (id: string, params: FilterValues, reloadKey: number): DataRequest => {
  const request = useAdminGet<DataResponse>(
    `/dashboards/${encodeURIComponent(id)}/data${paramsQuery(params)}`,
    reloadKey,
    { keepData: true }
  );
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
  // keyed: another dashboard starts with its own filter values, not this one's
  return <DashboardScreen key={id} id={id} />;
};

const DashboardScreen = ({ id }: { id: string }) => {
  const { formatMessage } = useIntl();
  /** Bumped after a write that changed the tiles: the structure and the data load again. */
  const [structureKey, setStructureKey] = React.useState(0);
  /** Bumped by the refresh button and auto-refresh: only the data loads again. */
  const [dataKey, setDataKey] = React.useState(0);
  const [params, setParams] = React.useState<FilterValues>({});
  // the dashboard with its tiles, layout and the caller's permissions
  const request = useAdminGet<Dashboard>(`/dashboards/${encodeURIComponent(id)}`, structureKey, {
    keepData: true,
  });
  const data = useTileData(id, params, structureKey + dataKey);
  const reloadStructure = React.useCallback(() => setStructureKey((key) => key + 1), []);
  const reloadData = React.useCallback(() => setDataKey((key) => key + 1), []);

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
  return (
    <DashboardView
      key={request.data.id}
      dashboard={request.data}
      data={data}
      params={params}
      onParamsChange={setParams}
      onTilesChanged={reloadStructure}
      onReloadData={reloadData}
    />
  );
};

interface DashboardViewProps {
  dashboard: Dashboard;
  data: DataRequest;
  /** The filters bar's values, sent to every tile. */
  params: FilterValues;
  onParamsChange: (params: FilterValues) => void;
  /** A tile was added, changed or removed: load the dashboard again. */
  onTilesChanged: () => void;
  /** Run the tiles again (refresh button, auto-refresh, a finished refresh run). */
  onReloadData: () => void;
}

const DashboardView = ({
  dashboard,
  data,
  params,
  onParamsChange,
  onTilesChanged,
  onReloadData,
}: DashboardViewProps) => {
  const { formatMessage } = useIntl();
  const { put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const theme = useChartTheme();

  /** The positions the server has; `draft` holds the edited ones while in edit mode. */
  const [saved, setSaved] = React.useState<GridItem[]>(() => gridItemsOf(dashboard.tiles));
  const [draft, setDraft] = React.useState<GridItem[] | null>(null);
  const [isSaving, setIsSaving] = React.useState(false);
  /** The tile editor: closed, a new tile, or an existing one. */
  const [editorTile, setEditorTile] = React.useState<Tile | 'new' | null>(null);
  const editing = draft !== null;
  const canEdit = dashboard.permissions.can_edit;

  // the tiles were loaded again (one added, changed or removed): start from their saved positions
  React.useEffect(() => {
    setSaved(gridItemsOf(dashboard.tiles));
  }, [dashboard.tiles]);

  useAutoRefresh(dashboard.settings, onReloadData, !editing && editorTile === null);

  const handleTileSaved = () => {
    setEditorTile(null);
    onTilesChanged();
  };

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
  } else if (canEdit) {
    actions = (
      <Flex gap={2}>
        <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditorTile('new')}>
          {formatMessage({ id: getTranslationId('dashboard.addTile'), defaultMessage: 'Add tile' })}
        </Button>
        {dashboard.tiles.length > 0 && (
          <Button variant="secondary" startIcon={<Pencil />} onClick={startEditing}>
            {formatMessage({ id: getTranslationId('dashboard.edit'), defaultMessage: 'Edit layout' })}
          </Button>
        )}
      </Flex>
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
      <Layouts.Action
        startActions={<FiltersBar filters={dashboard.filters} values={params} onChange={onParamsChange} />}
        endActions={
          editing ? null : <DashboardActions dashboard={dashboard} onDataChanged={onTilesChanged} />
        }
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
              dashboardId={dashboard.id}
              canEdit={canEdit}
              params={params}
              onEditTile={setEditorTile}
              onTilesChanged={onTilesChanged}
            />
          </>
        )}
      </Layouts.Content>
      {editorTile !== null && (
        <TileEditor
          dashboard={dashboard}
          tile={editorTile === 'new' ? null : editorTile}
          onClose={() => setEditorTile(null)}
          onSaved={handleTileSaved}
        />
      )}
    </Page.Main>
  );
};
