import * as React from 'react';

import { Button, EmptyStateLayout, Flex, Link, Typography } from '@strapi/design-system';
import { ArrowLeft, ArrowsCounterClockwise, Check, Cog, Expand, Pencil, Plus } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink, useParams, useSearchParams } from 'react-router-dom';
import { useTheme } from 'styled-components';

import type { Dashboard, Tile } from '../../../contracts/dashboards';
import { useGetDashboardQuery, useSaveLayoutMutation } from '../api/dashboardsApi';
import { preloadRenderers, type Theme } from '../charts';
import { DashboardActions } from '../components/DashboardActions';
import { DashboardGrid } from '../components/DashboardGrid';
import { FiltersBar, type FilterValues } from '../components/FiltersBar';
import {
  chosenValues,
  effectiveValues,
  filterDefinitions,
  paramNamesOf,
} from '../components/filters/presets';
import { InlineTitle } from '../components/settings/InlineTitle';
import type { TileDataStatus } from '../components/TileCard';
import { PLUGIN_ID } from '../pluginId';
import { compactVertically, gridItemsOf, layoutChanges, type GridItem } from '../utils/layout';
import { getTranslationId } from '../utils/translations';
import { useAutoRefresh } from '../utils/useAutoRefresh';
import { useCountdown, useKiosk } from '../utils/useKiosk';
import { KioskBar, KioskFrame } from '../components/KioskBar';
import { ClickFilterChips } from '../components/ClickFilterChips';
import { DrillDialog } from '../components/DrillDialog';
import { useTilePicks } from '../utils/useTilePicks';
import { kioskRefreshSeconds } from '../components/filters/refresh';

/**
 * What only editing needs (the tile editor with its sources, preview and SQL editor; the settings
 * dialog with its filter editor) is loaded when first opened: viewing a dashboard loads neither.
 */
const TileEditor = React.lazy(() =>
  import('../components/TileEditor').then(({ TileEditor: Component }) => ({ default: Component }))
);
const DashboardSettingsDialog = React.lazy(() =>
  import('../components/settings/DashboardSettingsDialog').then(({ DashboardSettingsDialog: Component }) => ({
    default: Component,
  }))
);

/** A query's answer as the page shows it: a reload keeps showing the loaded answer, other arguments start loading. */
const statusOf = ({ isError, currentData }: { isError: boolean; currentData?: unknown }): TileDataStatus =>
  isError ? 'error' : currentData === undefined ? 'loading' : 'loaded';

/** The renderers draw canvases, which CSS variables do not reach: they follow the admin's colour scheme. */
const useChartTheme = (): Theme => (useTheme()?.colorScheme === 'dark' ? 'dark' : 'light');

/**
 * The filters' values in the page's query string (`?period_from=2026-01-01&region=EU`): a link to
 * the page shows the same values, and a reload keeps them. Only the dashboard's own parameter names
 * are read; a value left out means the filter's default.
 */
function useFilterValues(filters: unknown[]): [FilterValues, (values: FilterValues) => void] {
  const [search, setSearch] = useSearchParams();
  const definitions = React.useMemo(() => filterDefinitions(filters), [filters]);
  const names = React.useMemo(() => definitions.flatMap(paramNamesOf), [definitions]);
  const key = search.toString();
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const values: FilterValues = React.useMemo(() => chosenValues(definitions, search), [definitions, key]);
  const setValues = React.useCallback(
    (next: FilterValues) =>
      setSearch((current) => {
        const updated = new URLSearchParams(current);
        for (const name of names) updated.delete(name);
        for (const name of names) if (next[name]) updated.set(name, next[name]);
        return updated;
      }),
    [names, setSearch]
  );
  return [values, setValues];
}

export const DashboardPage = () => {
  const { id = '' } = useParams<{ id: string }>();
  // keyed: another dashboard starts from its own state
  return <DashboardScreen key={id} id={id} />;
};

const DashboardScreen = ({ id }: { id: string }) => {
  const { formatMessage } = useIntl();
  // the dashboard with its tiles, layout and the caller's permissions; a write to its tiles loads
  // it again (cache tags), the refresh button and auto-refresh run only the tiles again
  const request = useGetDashboardQuery(id);
  const status = statusOf(request);
  const { refetch: reloadDashboard } = request;
  const reloadStructure = React.useCallback(() => void reloadDashboard(), [reloadDashboard]);

  if (status === 'loading') {
    return (
      <Page.Loading>
        {formatMessage({
          id: getTranslationId('dashboard.loading'),
          defaultMessage: 'Loading the dashboard.',
        })}
      </Page.Loading>
    );
  }
  if (status === 'error' || !request.currentData) {
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
      key={request.currentData.id}
      dashboard={request.currentData}
      onStructureChanged={reloadStructure}
    />
  );
};

interface DashboardViewProps {
  dashboard: Dashboard;
  /** The dashboard changed on the server (settings, a refresh run): load it again. */
  onStructureChanged: () => void;
}

const DashboardView = ({ dashboard, onStructureChanged }: DashboardViewProps) => {
  const { formatMessage } = useIntl();
  /** The values chosen in the filters bar (the query string's); the tiles run with the defaults filled in. */
  const [params, onParamsChange] = useFilterValues(dashboard.filters);
  const definitions = React.useMemo(() => filterDefinitions(dashboard.filters), [dashboard.filters]);
  // a default (a preset such as "last 30 days" included) is sent as the days the bar shows
  const effective = React.useMemo(() => effectiveValues(definitions, params), [definitions, params]);
  const picks = useTilePicks(dashboard, definitions, params, onParamsChange, effective);
  // each tile loads its own data (DashboardGrid); a reload asks every tile again
  const [reloads, setReloads] = React.useState(0);
  const onReloadData = React.useCallback(() => setReloads((count) => count + 1), []);
  const onDataChanged = React.useCallback(() => {
    onStructureChanged();
    onReloadData();
  }, [onStructureChanged, onReloadData]);
  const [settingsOpen, setSettingsOpen] = React.useState(false);
  const [saveLayoutRequest] = useSaveLayoutMutation();
  const { toggleNotification } = useNotification();
  const theme = useChartTheme();
  // the chart kinds' chunks load while the tiles' data is computed
  React.useEffect(() => preloadRenderers(dashboard.tiles), [dashboard.tiles]);

  /** The positions the server has; `draft` holds the edited ones while in edit mode. */
  const [saved, setSaved] = React.useState<GridItem[]>(() => gridItemsOf(dashboard.tiles));
  const [draft, setDraft] = React.useState<GridItem[] | null>(null);
  const [isSaving, setIsSaving] = React.useState(false);
  /** The positions before the last layout saved here: Undo puts them back. */
  const [beforeLastLayout, setBeforeLastLayout] = React.useState<GridItem[] | null>(null);
  /** The tile editor: closed, a new tile, or an existing one. */
  const [editorTile, setEditorTile] = React.useState<Tile | 'new' | null>(null);
  const editing = draft !== null;
  const canEdit = dashboard.permissions.can_edit;

  // the tiles were loaded again (one added, changed or removed): start from their saved positions
  React.useEffect(() => {
    setSaved(gridItemsOf(dashboard.tiles));
    setBeforeLastLayout(null);
  }, [dashboard.tiles]);

  const viewing = !editing && editorTile === null && !settingsOpen;
  const kiosk = useKiosk(viewing && dashboard.tiles.length > 0);
  useAutoRefresh(dashboard.settings, onReloadData, viewing && !kiosk.on);
  const secondsLeft = useCountdown(kioskRefreshSeconds(dashboard.settings), onReloadData, kiosk.on);

  // the tile write loads the dashboard again (cache tags)
  const handleTileSaved = () => setEditorTile(null);

  // a layout saved before the grid compacted may have gaps: editing starts from the compacted one
  const startEditing = () => setDraft(compactVertically(saved));
  const cancelEditing = () => setDraft(null);

  const saveLayout = async () => {
    if (!draft) return;
    const compacted = compactVertically(draft);
    const changes = layoutChanges(saved, compacted);
    if (!changes) {
      setDraft(null);
      return;
    }
    setIsSaving(true);
    try {
      await saveLayoutRequest({ id: dashboard.id, changes }).unwrap();
      setBeforeLastLayout(saved);
      setSaved(compacted);
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

  /** Puts back the positions the last layout change replaced (itself a new revision on the server). */
  const undoLayout = async () => {
    if (!beforeLastLayout) return;
    const changes = layoutChanges(saved, beforeLastLayout);
    setIsSaving(true);
    try {
      if (changes) await saveLayoutRequest({ id: dashboard.id, changes }).unwrap();
      setSaved(beforeLastLayout);
      setBeforeLastLayout(null);
      toggleNotification({
        type: 'success',
        message: formatMessage({
          id: getTranslationId('dashboard.undo.success'),
          defaultMessage: 'The previous layout is back.',
        }),
      });
    } catch {
      toggleNotification({
        type: 'danger',
        message: formatMessage({
          id: getTranslationId('dashboard.undo.error'),
          defaultMessage: 'The previous layout could not be put back.',
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

  const fullScreenButton =
    dashboard.tiles.length > 0 ? (
      <Button variant="secondary" startIcon={<Expand />} onClick={kiosk.enter}>
        {formatMessage({ id: getTranslationId('kiosk.enter'), defaultMessage: 'Full screen (F)' })}
      </Button>
    ) : null;

  let actions: React.ReactNode = fullScreenButton;
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
        {fullScreenButton}
        <Button variant="secondary" startIcon={<Cog />} onClick={() => setSettingsOpen(true)}>
          {formatMessage({ id: getTranslationId('dashboard.settings'), defaultMessage: 'Settings' })}
        </Button>
        <Button variant="secondary" startIcon={<Plus />} onClick={() => setEditorTile('new')}>
          {formatMessage({ id: getTranslationId('dashboard.addTile'), defaultMessage: 'Add tile' })}
        </Button>
        {beforeLastLayout && (
          <Button
            variant="tertiary"
            startIcon={<ArrowsCounterClockwise />}
            onClick={() => void undoLayout()}
            loading={isSaving}
          >
            {formatMessage({ id: getTranslationId('dashboard.undo'), defaultMessage: 'Undo layout change' })}
          </Button>
        )}
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
        // the title is the dashboard's name; one who may edit renames it by clicking it
        // (Layouts.Header renders `title` in its h1, and types it as a string)
        title={
          (canEdit && !editing ? (
            <InlineTitle dashboard={dashboard} onRenamed={onStructureChanged} />
          ) : (
            dashboard.name
          )) as unknown as string
        }
        subtitle={dashboard.description ?? undefined}
        primaryAction={actions}
      />
      <Layouts.Action
        startActions={
          <Flex gap={3} wrap="wrap">
            <FiltersBar filters={dashboard.filters} values={params} onChange={onParamsChange} />
            <ClickFilterChips chips={picks.chips} onClear={picks.clear} />
          </Flex>
        }
        endActions={
          editing ? null : (
            <DashboardActions dashboard={dashboard} onDataChanged={onDataChanged} theme={theme} />
          )
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
          <KioskFrame $on={kiosk.on} data-kiosk={kiosk.on}>
            {kiosk.on && <KioskBar name={dashboard.name} secondsLeft={secondsLeft} onExit={kiosk.leave} />}
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
              reloads={reloads}
              theme={theme}
              editing={editing}
              onItemsChange={setDraft}
              dashboardId={dashboard.id}
              canEdit={canEdit}
              params={effective}
              onEditTile={setEditorTile}
              pickableTile={picks.pickableTile}
              onPick={(tile, row) => void picks.onPick(tile, row)}
            />
          </KioskFrame>
        )}
      </Layouts.Content>
      <DrillDialog drilled={picks.drilled} onClose={picks.closeDrill} />
      <React.Suspense fallback={null}>
        {editorTile !== null && (
          <TileEditor
            dashboard={dashboard}
            tile={editorTile === 'new' ? null : editorTile}
            onClose={() => setEditorTile(null)}
            onSaved={handleTileSaved}
          />
        )}
        {settingsOpen && (
          <DashboardSettingsDialog
            dashboard={dashboard}
            onClose={() => setSettingsOpen(false)}
            onSaved={() => {
              setSettingsOpen(false);
              onDataChanged();
            }}
          />
        )}
      </React.Suspense>
    </Page.Main>
  );
};
