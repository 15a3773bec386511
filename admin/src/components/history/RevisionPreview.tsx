import * as React from 'react';

import { Box, Button, Flex, Loader, Typography } from '@strapi/design-system';
import { ArrowLeft } from '@strapi/icons';

import type { RevisionContent } from '../../../../contracts/revisions';
import { useRevisionQuery } from '../../api/dashboardsApi';
import { renderTile, type Theme } from '../../charts';
import { shapeResult, type TileBody } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';
import { useTilePreview } from '../tile-editor/TilePreview';
import { summaryWords } from './changeWords';

type RevisionTile = RevisionContent['tiles'][number];

/** One tile of the revision, run as the tile editor's preview runs an unsaved tile, and drawn read-only. */
const PreviewTile = ({
  dashboardId,
  tile,
  theme,
}: {
  dashboardId: string;
  tile: RevisionTile;
  theme: Theme;
}) => {
  const body: TileBody = {
    title: tile.title,
    tile_type: tile.tile_type,
    chart_type: tile.chart_type ?? null,
    source: tile.source,
    chart_config: tile.chart_config,
  };
  const { preview, run } = useTilePreview(dashboardId, body);
  const container = React.useRef<HTMLDivElement>(null);
  const isText = tile.tile_type === 'text';

  React.useEffect(() => {
    if (!isText) void run();
    // runs once: the revision does not change while it is shown
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  React.useEffect(() => {
    const element = container.current;
    if (!element) return undefined;
    const viewerTile = {
      ...body,
      id: tile.id,
      grid_x: 0,
      grid_y: 0,
      grid_w: tile.grid_w,
      grid_h: tile.grid_h,
    };
    if (isText) return renderTile(element, viewerTile, undefined, theme);
    if (preview.status === 'error')
      return renderTile(element, viewerTile, { data: null, error: preview.message }, theme);
    if (preview.status !== 'done') return undefined;
    return renderTile(element, viewerTile, { data: shapeResult(body, preview.result), error: null }, theme);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [preview, theme]);

  return (
    <Box
      className={`dv-theme-${theme}`}
      background="neutral0"
      borderColor="neutral150"
      hasRadius
      padding={2}
      data-testid="revision-preview-tile"
      style={{
        gridColumn: `${tile.grid_x + 1} / span ${tile.grid_w}`,
        gridRow: `${tile.grid_y + 1} / span ${tile.grid_h}`,
        display: 'flex',
        flexDirection: 'column',
        minWidth: 0,
      }}
    >
      <Typography variant="omega" fontWeight="bold" ellipsis>
        {tile.title}
      </Typography>
      {preview.status === 'running' && <Loader small />}
      <div
        ref={container}
        className="dv-tile-body"
        style={{ display: 'flex', flexDirection: 'column', flex: '1 1 auto', minHeight: 0, minWidth: 0 }}
      />
    </Box>
  );
};

interface RevisionPreviewProps {
  dashboardId: string;
  revisionId: string;
  theme: Theme;
  onBack: () => void;
}

/** A revision shown read-only: its name, what changed, and its tiles where its layout put them. */
export const RevisionPreview = ({ dashboardId, revisionId, theme, onBack }: RevisionPreviewProps) => {
  const t = useT();
  const { data, isError } = useRevisionQuery({ id: dashboardId, revisionId });
  const back = (
    <Flex>
      <Button variant="tertiary" startIcon={<ArrowLeft />} onClick={onBack}>
        {t('history.back', 'Back to the revisions')}
      </Button>
    </Flex>
  );
  if (isError) {
    return (
      <Flex direction="column" alignItems="flex-start" gap={2}>
        {back}
        <Typography textColor="danger600">
          {t('history.error', 'The history could not be loaded.')}
        </Typography>
      </Flex>
    );
  }
  if (!data) return <Loader>{t('history.loading', 'Loading the history.')}</Loader>;
  const { content } = data;
  const rows = Math.max(1, ...content.tiles.map((tile) => tile.grid_y + tile.grid_h));
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="revision-preview">
      {back}
      <Typography variant="delta" tag="h3">
        {t('history.preview.title', 'Revision {number}: {name}', { number: data.number, name: content.name })}
      </Typography>
      <Typography textColor="neutral600">{summaryWords(data.changes, t)}</Typography>
      {content.tiles.length === 0 ? (
        <Typography textColor="neutral600">
          {t('dashboard.empty', 'This dashboard has no tiles yet.')}
        </Typography>
      ) : (
        <div
          style={{
            display: 'grid',
            gridTemplateColumns: `repeat(${content.layout.columns}, minmax(0, 1fr))`,
            gridTemplateRows: `repeat(${rows}, 48px)`,
            gap: '8px',
          }}
        >
          {content.tiles.map((tile) => (
            <PreviewTile key={tile.id} dashboardId={dashboardId} tile={tile} theme={theme} />
          ))}
        </div>
      )}
    </Flex>
  );
};
