import * as React from 'react';

import { Badge, Flex, Loader, Typography } from '@strapi/design-system';
import { Drag } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Tile } from '../../../contracts/dashboards';
import type { TileResult } from '../../../contracts/snapshots';
import { renderTile, type Theme } from '../charts';
import { AGE_REFRESH_MS, timeAgo } from '../utils/timeAgo';
import { getTranslationId } from '../utils/translations';
import { TileMenu } from './tile-editor/TileMenu';

/** One tile's live result, as GET /:id/data answers it. */
export type TileDataResult = TileResult;

export type TileDataStatus = 'loading' | 'error' | 'loaded';

/** The grid drags a tile by this part of its card (react-grid-layout's `draggableHandle`). */
export const TILE_DRAG_HANDLE_CLASS = 'dashboards-tile-handle';

/**
 * The renderers fill a flex column (viewer.css gives the viewer's tile bodies the same). It takes
 * the height left under the title (basis 0): a tall body (a table's rows) never squeezes the title.
 */
const BODY_STYLE: React.CSSProperties = {
  display: 'flex',
  flexDirection: 'column',
  flex: '1 1 0',
  minHeight: 0,
  minWidth: 0,
};

/**
 * The time now while a time `since` is shown (read again when it changes, then every `interval`
 * ms): the age written beside it keeps up with the clock.
 */
function useNow(since: number | null, interval = AGE_REFRESH_MS): Date {
  const [now, setNow] = React.useState(() => new Date());
  // before the page is painted: a result just arrived never shows the age of the previous one
  React.useLayoutEffect(() => {
    if (since === null) return undefined;
    setNow(new Date());
    const timer = window.setInterval(() => setNow(new Date()), interval);
    return () => window.clearInterval(timer);
  }, [since, interval]);
  return now;
}

interface TileCardProps {
  tile: Tile;
  /** The tile's entry in the data response (undefined while loading, or when the response lacks it). */
  result: TileDataResult | undefined;
  status: TileDataStatus;
  theme: Theme;
  editing: boolean;
  dashboardId: string;
  canEdit: boolean;
  params: Record<string, string>;
  onEdit: (tile: Tile) => void;
  /** Set when a click on the tile's points means something (click to filter, drill to records). */
  onPick?: (tile: Tile, row: Record<string, unknown>) => void;
}

/**
 * A tile on the dashboard page: its title, its body drawn by the shared renderers (exactly as the
 * public viewer draws it), a loading state, and when its data was computed.
 */
export const TileCard = ({
  tile,
  result,
  status,
  theme,
  editing,
  dashboardId,
  canEdit,
  params,
  onEdit,
  onPick,
}: TileCardProps) => {
  const { formatMessage, formatDate, locale } = useIntl();
  const bodyRef = React.useRef<HTMLDivElement>(null);
  const titleId = `dashboards-tile-title-${tile.id}`;

  // the latest handler, read at click time: a new one (other filter values) does not redraw the tile
  const pick = React.useRef(onPick);
  pick.current = onPick;
  const pickable = onPick !== undefined && !editing;

  React.useEffect(() => {
    const body = bodyRef.current;
    if (!body || status !== 'loaded') return undefined;
    // renderTile owns the body's children and its data-tile-state; React never renders into it.
    return renderTile(body, tile, result, theme, {
      locale,
      onPick: pickable ? (row) => pick.current?.(tile, row) : undefined,
    });
  }, [tile, result, status, theme, locale, pickable]);

  // a text tile computes nothing: it has no "computed at"
  const computed =
    status === 'loaded' && tile.tile_type !== 'text' && result?.executed_at
      ? new Date(result.executed_at)
      : null;
  const executedAt = computed && !Number.isNaN(computed.getTime()) ? computed : null;
  // a result from the cache may be minutes old: its age ("Computed 3 minutes ago"), kept up to date
  const now = useNow(executedAt ? executedAt.getTime() : null);

  return (
    <Flex
      tag="section"
      direction="column"
      alignItems="stretch"
      height="100%"
      background="neutral0"
      borderColor="neutral150"
      hasRadius
      shadow="tableShadow"
      paddingTop={3}
      paddingBottom={3}
      paddingLeft={4}
      paddingRight={4}
      gap={2}
      className={`dashboards-tile dashboards-tile-${tile.tile_type}`}
      data-tile-id={tile.id}
      aria-labelledby={titleId}
      aria-busy={status === 'loading'}
    >
      <Flex
        className={TILE_DRAG_HANDLE_CLASS}
        justifyContent="space-between"
        gap={2}
        shrink={0}
        style={editing ? { cursor: 'move' } : undefined}
      >
        <Typography tag="h2" variant="delta" textColor="neutral800" ellipsis id={titleId}>
          {tile.title}
        </Typography>
        {editing ? (
          <Drag aria-hidden fill="neutral500" />
        ) : (
          <span data-png-skip="" className="dashboards-tile-menu">
            <TileMenu
              tile={tile}
              dashboardId={dashboardId}
              canEdit={canEdit}
              params={params}
              onEdit={onEdit}
            />
          </span>
        )}
      </Flex>
      {status === 'loading' && (
        <Flex flex="1 1 auto" justifyContent="center" alignItems="center">
          <Loader small>
            {formatMessage({
              id: getTranslationId('dashboard.tile.loading'),
              defaultMessage: 'Loading the tile’s data.',
            })}
          </Loader>
        </Flex>
      )}
      {status === 'error' && (
        <Flex flex="1 1 auto" justifyContent="center" alignItems="center">
          <Typography variant="omega" textColor="danger600">
            {formatMessage({
              id: getTranslationId('dashboard.tile.dataError'),
              defaultMessage: 'The data could not be loaded.',
            })}
          </Typography>
        </Flex>
      )}
      <div ref={bodyRef} className="dv-tile-body" style={BODY_STYLE} />
      {executedAt && (
        <Flex gap={2} shrink={0}>
          {result?.data?.truncated === true && (
            <Badge data-testid="tile-truncated">
              {formatMessage({
                id: getTranslationId('dashboard.tile.truncated'),
                defaultMessage: 'First rows only',
              })}
            </Badge>
          )}
          <Typography variant="pi" textColor="neutral600" ellipsis>
            <time
              dateTime={executedAt.toISOString()}
              // the exact time on hover; `data-cached`: served from the result cache, not run now
              title={formatMessage(
                {
                  id: getTranslationId('dashboard.tile.computedAt'),
                  defaultMessage: 'Computed at {time}',
                },
                { time: formatDate(executedAt, { dateStyle: 'medium', timeStyle: 'medium' }) }
              )}
              data-cached={result?.cached === true}
            >
              {formatMessage(
                {
                  id: getTranslationId('dashboard.tile.computedAgo'),
                  defaultMessage: 'Computed {age}',
                },
                { age: timeAgo(executedAt, now, locale) }
              )}
            </time>
          </Typography>
        </Flex>
      )}
    </Flex>
  );
};
