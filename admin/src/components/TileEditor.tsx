import * as React from 'react';

import {
  Button,
  Field,
  Flex,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Typography,
} from '@strapi/design-system';
import { useRBAC } from '@strapi/strapi/admin';
import { useTheme } from 'styled-components';

import { type Dashboard, type Tile, type TileType } from '../../../contracts/dashboards';
import { useCreateTileMutation, useUpdateTileMutation } from '../api/dashboardsApi';
import type { Theme } from '../charts';
import { ANALYTICS_VIEW_PERMISSIONS, PERMISSIONS } from '../permissions';
import { serverErrorMessage } from '../utils/serverError';
import {
  emptyForm,
  formFromTile,
  hiddenConfigKeys,
  missingField,
  needsSource,
  tileBody,
  type SourceKind,
  type TileForm,
} from '../utils/tileConfig';
import { useT } from '../utils/translations';
import { DiscardChangesDialog } from './DiscardChangesDialog';
import { ChartConfigFields } from './tile-editor/ChartConfigFields';
import { SourceFields } from './tile-editor/SourceFields';
import { sqlOffDatasource } from './tile-editor/sqlAccess';
import { TileTypeFields } from './tile-editor/TileTypeFields';
import { effectiveValues, filterDefinitions } from './filters/presets';
import { filtersUsedBy, TilePreview, useTilePreview } from './tile-editor/TilePreview';
import { useSourceListings } from './tile-editor/useSourceListings';

interface TileEditorProps {
  dashboard: Dashboard;
  /** null: a new tile. */
  tile: Tile | null;
  onClose: () => void;
  /** The tile was created or updated on the server. */
  onSaved: () => void;
}

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

/** Add or edit a tile: its type, source, chart type and chart_config, with a live preview. */
export const TileEditor = ({ dashboard, tile, onClose, onSaved }: TileEditorProps) => {
  const t = useT();
  const [createTile] = useCreateTileMutation();
  const [updateTile] = useUpdateTileMutation();
  const { allowedActions, isLoading: rbacLoading } = useRBAC(PERMISSIONS.sqlExecute);
  const canUseSql = Boolean(allowedActions.canExecute);
  // every analytics action's name ends in `.view`: canView is true when any of them is granted
  const canUseAnalytics = Boolean(useRBAC(ANALYTICS_VIEW_PERMISSIONS).allowedActions.canView);
  const theme: Theme = useTheme()?.colorScheme === 'dark' ? 'dark' : 'light';

  const [form, setForm] = React.useState<TileForm>(() => (tile ? formFromTile(tile, true) : emptyForm(true)));
  /** The form as it opened: any other form is unsaved work that closing would lose. */
  const [pristine, setPristine] = React.useState(() => JSON.stringify(form));
  const dirty = JSON.stringify(form) !== pristine;
  /** Escape, a click outside or Cancel with unsaved work: "Discard your changes?" is open. */
  const [confirmingDiscard, setConfirmingDiscard] = React.useState(false);
  const kept = React.useMemo(() => (tile ? hiddenConfigKeys(tile) : []), [tile]);
  const [error, setError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);

  // without sql.execute a new tile starts on the content-type builder
  React.useEffect(() => {
    if (!rbacLoading && !canUseSql && !tile) {
      const startOnContent = (current: TileForm): TileForm =>
        current.source_kind === 'sql' ? { ...current, source_kind: 'content-type' } : current;
      setForm(startOnContent);
      // the switch is the editor's, not the user's: it is no unsaved work
      setPristine((opened) => JSON.stringify(startOnContent(JSON.parse(opened) as TileForm)));
    }
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
  // the preview runs with test values for the dashboard filters the tile uses (their defaults at first)
  const definitions = React.useMemo(() => filterDefinitions(dashboard.filters), [dashboard.filters]);
  const usedFilters = filtersUsedBy(body, definitions);
  const [testValues, setTestValues] = React.useState<Record<string, string>>({});
  const previewParams = effectiveValues(usedFilters, testValues);
  const { preview, run: runPreview, columns } = useTilePreview(dashboard.id, body, previewParams);

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
  const requestClose = () => {
    if (dirty) setConfirmingDiscard(true);
    else onClose();
  };

  return (
    <Modal.Root open onOpenChange={(open) => !open && requestClose()}>
      <Modal.Content style={{ width: 'min(1100px, 95vw)', maxWidth: '95vw' }}>
        <form noValidate onSubmit={save} data-testid="tile-editor">
          <Modal.Header>
            <Modal.Title>
              {tile ? t('tileEditor.title.edit', 'Edit the tile') : t('tileEditor.title.new', 'Add a tile')}
            </Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Flex direction="column" alignItems="stretch" gap={5}>
              <TileTypeFields
                form={form}
                update={update}
                titleError={missing === 'title' ? error : undefined}
              />
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
                    onRun={() => void runPreview()}
                  />
                </Flex>
              )}
              <TilePreview
                body={body}
                filters={usedFilters}
                testValues={testValues}
                onTestValuesChange={setTestValues}
                preview={preview}
                theme={theme}
                canRun={needsSource(form.tile_type)}
                runDisabled={missing === 'query' || missing === 'contentType' || Boolean(sqlOff)}
                onRun={() => void runPreview()}
              />
              <ChartConfigFields
                tileType={form.tile_type}
                chartType={form.tile_type === 'chart' ? form.chart_type : null}
                config={form.chart_config}
                columns={columns}
                filters={definitions}
                onChange={setConfig}
              />
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
      <DiscardChangesDialog
        open={confirmingDiscard}
        onOpenChange={setConfirmingDiscard}
        onDiscard={onClose}
        description={t('tileEditor.discard.body', 'The changes made to this tile have not been saved.')}
        testId="tile-editor-discard"
      />
    </Modal.Root>
  );
};
