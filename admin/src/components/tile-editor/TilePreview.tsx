import * as React from 'react';

import {
  Box,
  Button,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Play } from '@strapi/icons';

import type { RawResult } from '../../../../contracts/query';
import { usePreviewTileMutation } from '../../api/dashboardsApi';
import { renderTile, type Theme } from '../../charts';
import { apiErrorOf, serverErrorMessage } from '../../utils/serverError';
import { shapeResult, type TileBody } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';
import { paramNamesOf, shownValue, type FilterDefinition } from '../filters/presets';

/** A refused query's own words: the 400 names `source.query` (or `query`), the preview shows only why. */
export const queryRefusal = (failure: unknown): string | undefined => {
  const details = apiErrorOf(failure)?.details as
    { errors?: { path?: unknown[]; message?: string }[] } | undefined;
  const first = details?.errors?.[0];
  return first?.path?.at(-1) === 'query' && first.message ? first.message : undefined;
};

export type Preview =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'error'; message: string }
  | { status: 'done'; result: RawResult };

/** The dashboard filters whose parameters (`{{x}}`, `{{x_from}}` …) the tile's source names. */
export function filtersUsedBy(body: TileBody, filters: readonly FilterDefinition[]): FilterDefinition[] {
  const source = JSON.stringify(body.source);
  return filters.filter((filter) =>
    paramNamesOf(filter).some((name) => new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(source))
  );
}

/**
 * The tile editor's preview: the server runs the unsaved tile as /data would, with the test values
 * given for the dashboard's filters; the result is shaped here, so chart_config edits redraw at
 * once. `columns` are the last result's.
 */
export function useTilePreview(dashboardId: string, body: TileBody, params: Record<string, string> = {}) {
  const t = useT();
  const [runTilePreview] = usePreviewTileMutation();
  const [preview, setPreview] = React.useState<Preview>({ status: 'idle' });

  const run = async () => {
    setPreview({ status: 'running' });
    try {
      const data = await runTilePreview({ id: dashboardId, body, params }).unwrap();
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
          queryRefusal(failure) ??
          serverErrorMessage(failure) ??
          t('tileEditor.preview.error', 'The preview could not be run.'),
      });
    }
  };

  const columns = preview.status === 'done' ? preview.result.columns : [];
  return { preview, run, columns };
}

interface TestValuesProps {
  filters: FilterDefinition[];
  values: Record<string, string>;
  onChange: (values: Record<string, string>) => void;
}

/**
 * Test values for the filters the tile uses (prefilled with their defaults): the preview runs with
 * them, as the dashboard would with these values chosen in its filters bar.
 */
const TestValues = ({ filters, values, onChange }: TestValuesProps) => {
  const t = useT();
  const set = (name: string, value: string) => onChange({ ...values, [name]: value });
  return (
    <Flex gap={3} wrap="wrap" alignItems="flex-end" data-testid="tile-editor-test-values">
      {filters.flatMap((filter) => {
        if (filter.type === 'values') {
          return [
            <Box key={filter.id} style={{ minWidth: '12rem' }}>
              <Field.Root name={`test_${filter.id}`}>
                <Field.Label>{filter.label}</Field.Label>
                <SingleSelect
                  size="S"
                  value={shownValue(filter, values, filter.id) || undefined}
                  placeholder={t('filters.any', 'Any')}
                  onChange={(value) => set(filter.id, String(value))}
                >
                  {(filter.options ?? []).map((option) => (
                    <SingleSelectOption key={option.value} value={option.value}>
                      {option.label}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>,
          ];
        }
        return paramNamesOf(filter).map((name, index) => (
          <Box key={name} style={{ width: filter.type === 'text' ? '14rem' : '10rem' }}>
            <Field.Root name={`test_${name}`}>
              <Field.Label>
                {filter.type === 'date_range'
                  ? t(
                      index === 0 ? 'filters.dateRange.from' : 'filters.dateRange.to',
                      index === 0 ? '{label}: from' : '{label}: to',
                      {
                        label: filter.label,
                      }
                    )
                  : filter.label}
              </Field.Label>
              <TextInput
                size="S"
                value={shownValue(filter, values, name)}
                placeholder={filter.type === 'date_range' ? 'YYYY-MM-DD' : undefined}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set(name, event.target.value)}
              />
            </Field.Root>
          </Box>
        ));
      })}
    </Flex>
  );
};

interface TilePreviewProps {
  body: TileBody;
  /** The dashboard's filters that the tile uses, and the test values the preview runs with. */
  filters?: FilterDefinition[];
  testValues?: Record<string, string>;
  onTestValuesChange?: (values: Record<string, string>) => void;
  preview: Preview;
  theme: Theme;
  /** The tile has a source to run (text tiles have none). */
  canRun: boolean;
  runDisabled: boolean;
  onRun: () => void;
}

/** The preview pane: the run button, the preview's error or truncation, and the tile drawn by the grid's renderers. */
export const TilePreview = ({
  body,
  filters = [],
  testValues = {},
  onTestValuesChange,
  preview,
  theme,
  canRun,
  runDisabled,
  onRun,
}: TilePreviewProps) => {
  const t = useT();
  const previewRef = React.useRef<HTMLDivElement>(null);

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

  return (
    <Flex direction="column" alignItems="stretch" gap={2}>
      <Flex justifyContent="space-between" alignItems="center">
        <Typography variant="sigma" textColor="neutral600">
          {t('tileEditor.preview', 'Preview')}
        </Typography>
        {canRun && (
          <Button
            variant="secondary"
            startIcon={<Play />}
            loading={preview.status === 'running'}
            disabled={runDisabled}
            onClick={onRun}
          >
            {t('tileEditor.preview.run', 'Run preview')}
          </Button>
        )}
      </Flex>
      {canRun && filters.length > 0 && onTestValuesChange && (
        <Flex direction="column" alignItems="stretch" gap={1}>
          <Typography variant="pi" textColor="neutral600">
            {t('tileEditor.preview.testValues', 'Test values for the dashboard filters this tile uses:')}
          </Typography>
          <TestValues filters={filters} values={testValues} onChange={onTestValuesChange} />
        </Flex>
      )}
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
  );
};
