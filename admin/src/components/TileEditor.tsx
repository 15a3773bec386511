import * as React from 'react';

import {
  Box,
  Button,
  Field,
  Flex,
  Grid,
  Modal,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';
import { useTheme } from 'styled-components';

import {
  CHART_TYPES,
  MAP_TYPES,
  TILE_TYPES,
  type Dashboard,
  type Tile,
  type TileType,
} from '../../../contracts/dashboards';
import type { RawResult } from '../../../contracts/query';
import { useCreateTileMutation, usePreviewTileMutation, useUpdateTileMutation } from '../api/dashboardsApi';
import { renderTile, type Theme } from '../charts';
import { ANALYTICS_VIEW_PERMISSIONS, PERMISSIONS } from '../permissions';
import { serverErrorMessage } from '../utils/serverError';
import {
  emptyForm,
  formFromTile,
  hiddenConfigKeys,
  missingField,
  needsSource,
  shapeResult,
  tileBody,
  type SourceKind,
  type TileForm,
} from '../utils/tileConfig';
import { useT } from '../utils/translations';
import { ChartConfigFields } from './tile-editor/ChartConfigFields';
import { SourceFields } from './tile-editor/SourceFields';
import { sqlOffDatasource } from './tile-editor/sqlAccess';
import { useSourceListings } from './tile-editor/useSourceListings';

interface TileEditorProps {
  dashboard: Dashboard;
  /** null: a new tile. */
  tile: Tile | null;
  onClose: () => void;
  /** The tile was created or updated on the server. */
  onSaved: () => void;
}

const TILE_TYPE_LABELS: Record<TileType, string> = {
  chart: 'Chart',
  kpi: 'KPI',
  metric: 'Metric',
  table: 'Table',
  text: 'Text',
  map: 'Map',
};
const SOURCE_LABELS: Record<SourceKind, string> = {
  sql: 'SQL query',
  'content-type': 'Content type (no SQL)',
  analytics: 'CRM analytics',
};
/** A new tile's size in grid cells (the server puts it in the first free slot). */
const NEW_SIZE: Record<TileType, { grid_w: number; grid_h: number }> = {
  chart: { grid_w: 6, grid_h: 4 },
  kpi: { grid_w: 3, grid_h: 2 },
  metric: { grid_w: 3, grid_h: 2 },
  table: { grid_w: 6, grid_h: 4 },
  text: { grid_w: 4, grid_h: 2 },
  map: { grid_w: 6, grid_h: 5 },
};

type Preview =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'error'; message: string }
  | { status: 'done'; result: RawResult };

/** Add or edit a tile: its type, source, chart type and chart_config, with a live preview. */
export const TileEditor = ({ dashboard, tile, onClose, onSaved }: TileEditorProps) => {
  const t = useT();
  const [runTilePreview] = usePreviewTileMutation();
  const [createTile] = useCreateTileMutation();
  const [updateTile] = useUpdateTileMutation();
  const { allowedActions, isLoading: rbacLoading } = useRBAC(PERMISSIONS.sqlExecute);
  const canUseSql = Boolean(allowedActions.canExecute);
  // every analytics action's name ends in `.view`: canView is true when any of them is granted
  const canUseAnalytics = Boolean(useRBAC(ANALYTICS_VIEW_PERMISSIONS).allowedActions.canView);
  const theme: Theme = useTheme()?.colorScheme === 'dark' ? 'dark' : 'light';

  const [form, setForm] = React.useState<TileForm>(() => (tile ? formFromTile(tile, true) : emptyForm(true)));
  const kept = React.useMemo(() => (tile ? hiddenConfigKeys(tile) : []), [tile]);
  const [preview, setPreview] = React.useState<Preview>({ status: 'idle' });
  const [error, setError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);
  const previewRef = React.useRef<HTMLDivElement>(null);

  // without sql.execute a new tile starts on the content-type builder
  React.useEffect(() => {
    if (!rbacLoading && !canUseSql && !tile)
      setForm((current) =>
        current.source_kind === 'sql' ? { ...current, source_kind: 'content-type' } : current
      );
  }, [rbacLoading, canUseSql, tile]);

  const { datasources, tables, contentTypes } = useSourceListings(
    canUseSql,
    form.source_kind === 'sql' ? form.sql.datasource_id : null
  );

  const update = (change: (current: TileForm) => TileForm) => {
    setForm(change);
    setError(undefined);
  };
  const setConfig = (key: string, value: unknown) =>
    update((current) => ({ ...current, chart_config: { ...current.chart_config, [key]: value } }));

  const body = tileBody(form, kept);
  /** SQL is off on the tile's datasource: SourceFields shows why, and the server would refuse it. */
  const sqlOff = sqlOffDatasource(body.source, datasources);
  const columns = preview.status === 'done' ? preview.result.columns : [];

  /** The server runs the unsaved tile as /data would; the result is shaped here, so chart_config edits redraw at once. */
  const runPreview = async () => {
    setPreview({ status: 'running' });
    try {
      const data = await runTilePreview({ id: dashboard.id, body }).unwrap();
      if (data.error || !data.data) {
        setPreview({
          status: 'error',
          message: data.error ?? t('tileEditor.preview.empty', 'The query returned nothing to show.'),
        });
      } else {
        setPreview({ status: 'done', result: data.data });
      }
    } catch (failure) {
      setPreview({
        status: 'error',
        message:
          serverErrorMessage(failure) ?? t('tileEditor.preview.error', 'The preview could not be run.'),
      });
    }
  };

  // draws the preview with the grid's own renderers whenever the result, the type or chart_config change
  const previewTile = JSON.stringify([body.tile_type, body.chart_type, body.chart_config, body.title]);
  React.useEffect(() => {
    const container = previewRef.current;
    if (!container) return undefined;
    const viewerTile = {
      id: 'preview',
      title: body.title,
      tile_type: body.tile_type,
      chart_type: body.chart_type,
      chart_config: body.chart_config,
      grid_x: 0,
      grid_y: 0,
      grid_w: 6,
      grid_h: 4,
    };
    if (body.tile_type === 'text') return renderTile(container, viewerTile, undefined, theme);
    if (preview.status !== 'done') {
      delete container.dataset.tileState;
      return undefined;
    }
    return renderTile(container, viewerTile, { data: shapeResult(body, preview.result), error: null }, theme);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [previewTile, preview, theme]);

  const missing = missingField(form);
  const missingMessages = {
    title: t('tileEditor.required.title', 'A title is required.'),
    query: t('tileEditor.required.query', 'A SQL query is required.'),
    contentType: t('tileEditor.required.contentType', 'Choose a content type.'),
    content: t('tileEditor.required.content', 'A text is required.'),
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    if (missing) {
      setError(missingMessages[missing]);
      return;
    }
    if (sqlOff) {
      setError(
        t(
          'tileEditor.sql.off.save',
          'SQL is off on the datasource “{label}”: choose another datasource or source, or have an administrator fix its reader.',
          { label: sqlOff.label }
        )
      );
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      if (tile) await updateTile({ id: dashboard.id, tileId: tile.id, body }).unwrap();
      else await createTile({ id: dashboard.id, body: { ...body, ...NEW_SIZE[body.tile_type] } }).unwrap();
      onSaved();
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? t('tileEditor.save.error', 'The tile could not be saved.'));
    } finally {
      setSaving(false);
    }
  };

  const sourceKinds = (['sql', 'content-type', 'analytics'] as SourceKind[]).filter(
    (kind) =>
      kind === 'content-type' || kind === form.source_kind || (kind === 'sql' ? canUseSql : canUseAnalytics)
  );
  const chartChoices = form.tile_type === 'chart' ? CHART_TYPES : form.tile_type === 'map' ? MAP_TYPES : [];
  const chartValue =
    form.tile_type === 'chart'
      ? form.chart_type
      : typeof form.chart_config.map_type === 'string'
        ? form.chart_config.map_type
        : 'choropleth';

  return (
    <Modal.Root open onOpenChange={(open) => !open && onClose()}>
      <Modal.Content style={{ width: 'min(1100px, 95vw)', maxWidth: '95vw' }}>
        <form noValidate onSubmit={save} data-testid="tile-editor">
          <Modal.Header>
            <Modal.Title>
              {tile ? t('tileEditor.title.edit', 'Edit the tile') : t('tileEditor.title.new', 'Add a tile')}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <Grid.Root gap={4}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Field.Root name="title" required error={missing === 'title' ? error : undefined}>
                    <Field.Label>{t('tileEditor.field.title', 'Title')}</Field.Label>
                    <TextInput
                      value={form.title}
                      maxLength={255}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        update((current) => ({ ...current, title: event.target.value }))
                      }
                    />
                    <Field.Error />
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                  <Field.Root name="tile_type">
                    <Field.Label>{t('tileEditor.field.tileType', 'Tile type')}</Field.Label>
                    <SingleSelect
                      value={form.tile_type}
                      onChange={(value) =>
                        update((current) => ({ ...current, tile_type: value as TileType }))
                      }
                    >
                      {TILE_TYPES.map((type) => (
                        <SingleSelectOption key={type} value={type}>
                          {t(`tileEditor.tileType.${type}`, TILE_TYPE_LABELS[type])}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Grid.Item>
                <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                  {chartChoices.length > 0 && (
                    <Field.Root name="chart_type">
                      <Field.Label>
                        {form.tile_type === 'map'
                          ? t('tileEditor.field.mapType', 'Map type')
                          : t('tileEditor.field.chartType', 'Chart type')}
                      </Field.Label>
                      <SingleSelect
                        value={chartValue}
                        onChange={(value) =>
                          update((current) =>
                            current.tile_type === 'map'
                              ? {
                                  ...current,
                                  chart_config: { ...current.chart_config, map_type: String(value) },
                                }
                              : { ...current, chart_type: String(value) }
                          )
                        }
                      >
                        {chartChoices.map((type) => (
                          <SingleSelectOption key={type} value={type}>
                            {type}
                          </SingleSelectOption>
                        ))}
                      </SingleSelect>
                    </Field.Root>
                  )}
                </Grid.Item>
              </Grid.Root>
              {needsSource(form.tile_type) && (
                <Flex direction="column" alignItems="stretch" gap={4}>
                  <Field.Root name="source_kind">
                    <Field.Label>{t('tileEditor.field.source', 'Source')}</Field.Label>
                    <SingleSelect
                      value={form.source_kind}
                      onChange={(value) =>
                        update((current) => ({ ...current, source_kind: value as SourceKind }))
                      }
                    >
                      {sourceKinds.map((kind) => (
                        <SingleSelectOption key={kind} value={kind}>
                          {t(`tileEditor.source.${kind}`, SOURCE_LABELS[kind])}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                  <SourceFields
                    form={form}
                    onChange={update}
                    datasources={datasources}
                    tables={tables}
                    contentTypes={contentTypes}
                  />
                </Flex>
              )}
              <ChartConfigFields
                tileType={form.tile_type}
                chartType={form.tile_type === 'chart' ? form.chart_type : null}
                config={form.chart_config}
                columns={columns}
                onChange={setConfig}
              />
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Flex justifyContent="space-between" alignItems="center">
                  <Typography variant="sigma" textColor="neutral600">
                    {t('tileEditor.preview', 'Preview')}
                  </Typography>
                  {needsSource(form.tile_type) && (
                    <Button
                      variant="secondary"
                      startIcon={<Play />}
                      loading={preview.status === 'running'}
                      disabled={missing === 'query' || missing === 'contentType' || Boolean(sqlOff)}
                      onClick={() => void runPreview()}
                    >
                      {t('tileEditor.preview.run', 'Run preview')}
                    </Button>
                  )}
                </Flex>
                {preview.status === 'error' && (
                  <Typography variant="omega" textColor="danger600" data-testid="tile-editor-preview-error">
                    {preview.message}
                  </Typography>
                )}
                {preview.status === 'done' && preview.result.truncated && (
                  <Typography variant="pi" textColor="neutral600">
                    {t('tileEditor.preview.truncated', 'Only the first rows are shown.')}
                  </Typography>
                )}
                <Box
                  className={`dv-theme-${theme}`}
                  borderColor="neutral150"
                  hasRadius
                  padding={3}
                  style={{ height: '280px', display: 'flex', flexDirection: 'column' }}
                >
                  <div
                    ref={previewRef}
                    className="dv-tile-body"
                    data-testid="tile-editor-preview"
                    style={{
                      display: 'flex',
                      flexDirection: 'column',
                      flex: '1 1 auto',
                      minHeight: 0,
                      minWidth: 0,
                    }}
                  />
                </Box>
              </Flex>
              {error && missing !== 'title' && (
                <Typography
                  variant="omega"
                  textColor="danger600"
                  role="alert"
                  data-testid="tile-editor-error"
                >
                  {error}
                </Typography>
              )}
            </Flex>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('tileEditor.cancel', 'Cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={saving}>
              {tile ? t('tileEditor.save', 'Save') : t('tileEditor.create', 'Add the tile')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
    </Modal.Root>
  );
};
