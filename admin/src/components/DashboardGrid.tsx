import * as React from 'react';

import GridLayout, { WidthProvider, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { styled } from 'styled-components';

import type { DashboardLayout, Tile } from '../../../contracts/dashboards';
import { useGetTileDataQuery } from '../api/dashboardsApi';
import { useShownTileData } from '../api/tileStream';
import type { Theme } from '../charts';
import { compactVertically, type GridItem } from '../utils/layout';
import { dataTileIds } from '../utils/tileData';
import { TILE_DRAG_HANDLE_CLASS, TileCard, type TileDataStatus } from './TileCard';

/**
 * The grid follows the width of the page's content area. (Not `measureBeforeMount`: react-grid-layout
 * 1.5 then observes the placeholder it unmounts, and the grid drops to a width of 0.)
 */
const SizedGridLayout = WidthProvider(GridLayout);

/** react-grid-layout's drop placeholder is red by default: the admin's primary colour instead. */
const GridFrame = styled.div`
  .react-grid-item.react-grid-placeholder {
    background: ${({ theme }) => theme.colors.primary500};
    border-radius: ${({ theme }) => theme.borderRadius};
    opacity: 0.2;
  }
`;

interface DashboardGridProps {
  tiles: Tile[];
  layout: DashboardLayout;
  /** Where each tile stands (the saved positions, or the ones being edited). */
  items: GridItem[];
  /** Counts the reloads asked for (refresh, auto-refresh): each one runs every tile again. */
  reloads: number;
  theme: Theme;
  editing: boolean;
  onItemsChange: (items: GridItem[]) => void;
  dashboardId: string;
  /** The caller may change the dashboard: the tile menu offers edit, duplicate and delete. */
  canEdit: boolean;
  /** The filters' values, defaults filled in: the tiles run with them (and a tile's CSV export). */
  params: Record<string, string>;
  onEditTile: (tile: Tile) => void;
  /** Whether a click on a tile's points means something, and what it does. */
  pickableTile?: (tile: Tile) => boolean;
  onPick?: (tile: Tile, row: Record<string, unknown>) => void;
}

/**
 * The dashboard's tiles on a grid of `layout.columns` columns and `layout.rowHeight` px rows with
 * `layout.gap` px between them, as the public viewer lays them out; in edit mode the tiles can be
 * dragged by their title and resized from their corner. The grid compacts vertically (as Metabase
 * and Grafana do): a tile dropped on another pushes it down only while it is there, and tiles rise
 * into any row left empty, so the layout saved never has gaps.
 */
export const DashboardGrid = ({
  tiles,
  layout,
  items,
  reloads,
  theme,
  editing,
  onItemsChange,
  dashboardId,
  canEdit,
  params,
  onEditTile,
  pickableTile,
  onPick,
}: DashboardGridProps) => {
  const asked = React.useMemo(() => dataTileIds(tiles), [tiles]);
  const handleLayoutChange = React.useCallback(
    (next: Layout[]) => {
      if (editing) onItemsChange(compactVertically(next));
    },
    [editing, onItemsChange]
  );

  return (
    <GridFrame className={`dv-theme-${theme}`} data-testid="dashboard-grid" data-editing={editing}>
      <SizedGridLayout
        layout={items}
        cols={layout.columns}
        rowHeight={layout.rowHeight}
        margin={[layout.gap, layout.gap]}
        containerPadding={[0, 0]}
        compactType="vertical"
        isDraggable={editing}
        isResizable={editing}
        draggableHandle={`.${TILE_DRAG_HANDLE_CLASS}`}
        onLayoutChange={handleLayoutChange}
      >
        {tiles.map((tile) => (
          <div key={tile.id} data-grid-tile-id={tile.id}>
            <LiveTileCard
              tile={tile}
              dataTileId={asked.get(tile.id)}
              reloads={reloads}
              theme={theme}
              editing={editing}
              dashboardId={dashboardId}
              canEdit={canEdit}
              params={params}
              onEdit={onEditTile}
              onPick={onPick && pickableTile?.(tile) ? onPick : undefined}
            />
          </div>
        ))}
      </SizedGridLayout>
    </GridFrame>
  );
};

interface LiveTileCardProps extends Omit<React.ComponentProps<typeof TileCard>, 'result' | 'status'> {
  /** The tile whose data this one shows (itself, or the first identical tile); none for a text tile. */
  dataTileId: string | undefined;
  reloads: number;
}

/**
 * A tile with its own query (answered by the line of the tiles' shared stream, else by its own
 * request): it draws as soon as its result arrives, whatever the other tiles take, and a failed
 * request is its error alone. A reload keeps showing the loaded result; other filter values start
 * loading.
 */
const LiveTileCard = ({ dataTileId, reloads, ...card }: LiveTileCardProps) => {
  const { dashboardId, params } = card;
  const skip = dataTileId === undefined;
  const args = { id: dashboardId, tileId: dataTileId ?? '', params };
  useShownTileData(skip ? null : args);
  const request = useGetTileDataQuery(args, { skip });
  const { refetch, isError, currentData } = request;
  const status: TileDataStatus = skip
    ? 'loaded'
    : isError
      ? 'error'
      : currentData === undefined
        ? 'loading'
        : 'loaded';
  // a reload asked for after the first load (identical tiles share one request: RTK Query sends it once)
  const seen = React.useRef(reloads);
  React.useEffect(() => {
    if (reloads === seen.current) return;
    seen.current = reloads;
    if (!skip) void refetch();
  }, [reloads, skip, refetch]);
  return <TileCard {...card} result={currentData} status={status} />;
};
