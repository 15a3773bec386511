import * as React from 'react';

import { Box, Button, Flex, Typography } from '@strapi/design-system';
import { Play } from '@strapi/icons';

import type { RawResult } from '../../../../contracts/query';
import { usePreviewTileMutation } from '../../api/dashboardsApi';
import { renderTile, type Theme } from '../../charts';
import { serverErrorMessage } from '../../utils/serverError';
import { shapeResult, type TileBody } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';

export type Preview =
  | { status: 'idle' }
  | { status: 'running' }
  | { status: 'error'; message: string }
  | { status: 'done'; result: RawResult };

/**
 * The tile editor's preview: the server runs the unsaved tile as /data would; the result is shaped
 * here, so chart_config edits redraw at once. `columns` are the last result's.
 */
export function useTilePreview(dashboardId: string, body: TileBody) {
  const t = useT();
  const [runTilePreview] = usePreviewTileMutation();
  const [preview, setPreview] = React.useState<Preview>({ status: 'idle' });

  const run = async () => {
    setPreview({ status: 'running' });
    try {
      const data = await runTilePreview({ id: dashboardId, body }).unwrap();
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

  const columns = preview.status === 'done' ? preview.result.columns : [];
  return { preview, run, columns };
}

interface TilePreviewProps {
  body: TileBody;
  preview: Preview;
  theme: Theme;
  /** The tile has a source to run (text tiles have none). */
  canRun: boolean;
  runDisabled: boolean;
  onRun: () => void;
}

/** The preview pane: the run button, the preview's error or truncation, and the tile drawn by the grid's renderers. */
export const TilePreview = ({ body, preview, theme, canRun, runDisabled, onRun }: TilePreviewProps) => {
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
