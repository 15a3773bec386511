import * as React from 'react';

import GridLayout, { WidthProvider, type Layout } from 'react-grid-layout';
import 'react-grid-layout/css/styles.css';
import 'react-resizable/css/styles.css';
import { styled } from 'styled-components';

import type { DashboardLayout, Tile } from '../../../contracts/dashboards';
import type { Theme } from '../charts';
import { compactVertically, type GridItem } from '../utils/layout';
import { TILE_DRAG_HANDLE_CLASS, TileCard, type TileDataResult, type TileDataStatus } from './TileCard';

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
  results: Map<string, TileDataResult>;
  status: TileDataStatus;
  theme: Theme;
  editing: boolean;
  onItemsChange: (items: GridItem[]) => void;
  dashboardId: string;
  /** The caller may change the dashboard: the tile menu offers edit, duplicate and delete. */
  canEdit: boolean;
  /** The filters' values (a tile's CSV export uses them). */
  params: Record<string, string>;
  onEditTile: (tile: Tile) => void;
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
  results,
  status,
  theme,
  editing,
  onItemsChange,
  dashboardId,
  canEdit,
  params,
  onEditTile,
}: DashboardGridProps) => {
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
            <TileCard
              tile={tile}
              result={results.get(tile.id)}
              // a tile just added has no result until the tiles' data has loaded again
              status={status === 'loaded' && !results.has(tile.id) ? 'loading' : status}
              theme={theme}
              editing={editing}
              dashboardId={dashboardId}
              canEdit={canEdit}
              params={params}
              onEdit={onEditTile}
            />
          </div>
        ))}
      </SizedGridLayout>
    </GridFrame>
  );
};
