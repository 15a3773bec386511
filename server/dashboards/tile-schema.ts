import { z } from 'zod';
import {
  CHART_TYPES,
  MAP_TYPES,
  TILE_TYPES,
  type TileSource,
  type TileType,
} from '../../contracts/dashboards';
import { jsonField } from '../http/validate';
import { MAX_ROWS } from './layout';
import { toCanonicalChartConfig, unknownChartConfigKeys } from './chart-config';
import { documentIdSchema } from './request-params';
import { tileSourceSchema } from './tile-source-schema';

/* A tile's fields, in the canonical form or the widget form, and the rules on a whole tile. */

const shortText = z.string().max(255);
const position = z.number().int().min(0).max(MAX_ROWS);
const size = z.number().int().min(1).max(MAX_ROWS);
const config = jsonField(z.record(z.string(), z.unknown()));

/**
 * A tile in the canonical form (`tile_type`, `chart_type`, `grid_*`, a `source` or
 * `datasource_id`/`query`), every field optional so updates can reuse it.
 */
export const tileFields = z
  .object({
    title: z.string().trim().min(1).max(255),
    tile_type: z.enum(TILE_TYPES),
    chart_type: z.string().max(50).nullable(),
    source: tileSourceSchema,
    datasource_id: z.string().min(1).max(100),
    catalog: z.string().max(100).nullable(),
    schema: z.string().max(100).nullable(),
    query: z.string().trim().min(1).max(100_000),
    chart_config: config,
    grid_x: position,
    grid_y: position,
    grid_w: size,
    grid_h: size,
    conversation_id: shortText,
    message_id: shortText,
  })
  .partial()
  .strict();
type TileFields = z.output<typeof tileFields>;

/** chart_config.click_filter: clicking a point sets filter `filter` from the `field` of its row. */
const clickFilterSchema = z
  .object({ filter: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/), field: z.string().min(1).max(255) })
  .strict();
const isClickFilter = (value: unknown) => clickFilterSchema.safeParse(value).success;

/** A tile in the widget form: `type`, `position {x,y,w,h}`, `data_source` and `config`. */
export const widgetFields = z
  .object({
    id: z.string().min(1).max(100),
    type: z.enum(TILE_TYPES),
    title: z.string().trim().min(1).max(255),
    position: z.object({ x: position, y: position, w: size, h: size }).strict(),
    data_source: z
      .object({
        project_uuid: z.string().max(100),
        step_id: z.string().max(100),
        datasource_id: z.string().min(1).max(100),
        query: z.string().trim().min(1).max(100_000),
      })
      .partial()
      .strict(),
    config,
  })
  .partial()
  .strict();

/** A tile as stored: every field of the content type that a request may set. */
export interface CanonicalTile {
  widget_key?: string | null;
  title?: string;
  tile_type?: TileType;
  chart_type?: string | null;
  source?: TileSource;
  chart_config?: Record<string, unknown>;
  grid_x?: number;
  grid_y?: number;
  grid_w?: number;
  grid_h?: number;
  conversation_id?: string | null;
  message_id?: string | null;
}

/** A map tile's kind may also be given as `chart_config.map_type` (the widget config's spelling). */
const takesMapType = (tile: TileFields) =>
  (tile.tile_type === undefined || tile.tile_type === 'map') && tile.chart_config?.map_type !== undefined;

/**
 * A map's kind is stored in `chart_type` only: `chart_config.map_type` becomes the chart_type (it
 * must agree with a chart_type given beside it) and is not kept in chart_config.
 */
export function fromTileFields(tile: TileFields): CanonicalTile {
  const { datasource_id, catalog, schema, query, source, chart_config, ...rest } = tile;
  const canonical: CanonicalTile = { ...rest };
  if (source) canonical.source = source;
  else if (query !== undefined) {
    canonical.source = { kind: 'sql', datasource_id: datasource_id ?? 'strapi', catalog, schema, query };
  }
  if (chart_config) {
    const config = toCanonicalChartConfig(chart_config);
    if (takesMapType(tile)) {
      canonical.chart_type ??= String(config.map_type);
      delete config.map_type;
    }
    canonical.chart_config = config;
  }
  return canonical;
}

export function fromWidget(widget: z.output<typeof widgetFields>): CanonicalTile {
  const { chart_type, map_type, ...rest } = widget.config ?? {};
  const canonical: CanonicalTile = { tile_type: widget.type, title: widget.title };
  if (widget.id) canonical.widget_key = widget.id;
  if (widget.position) {
    Object.assign(canonical, {
      grid_x: widget.position.x,
      grid_y: widget.position.y,
      grid_w: widget.position.w,
      grid_h: widget.position.h,
    });
  }
  if (widget.type === 'chart' && chart_type !== undefined) canonical.chart_type = chart_type as string;
  if (widget.type === 'map' && map_type !== undefined) canonical.chart_type = map_type as string;
  if (widget.config) canonical.chart_config = toCanonicalChartConfig(rest);
  const dataSource = widget.data_source;
  if (dataSource?.query) {
    canonical.source = {
      kind: 'sql',
      datasource_id: dataSource.datasource_id ?? 'strapi',
      query: dataSource.query,
      ...(dataSource.project_uuid ? { project_uuid: dataSource.project_uuid } : {}),
      ...(dataSource.step_id ? { step_id: dataSource.step_id } : {}),
    };
  }
  return canonical;
}

/**
 * Rules that look at a whole tile (its final state on update): chart type against tile type, and
 * chart_config keys against the chart type. `addIssue` names the field under `path`.
 */
export function checkTileRules(
  tile: CanonicalTile,
  report: (path: (string | number)[], message: string) => void
) {
  const tileType = tile.tile_type ?? 'chart';
  const chartType = tile.chart_type ?? null;
  if (tileType === 'chart' && !CHART_TYPES.includes(chartType as never)) {
    report(['chart_type'], `must be one of ${CHART_TYPES.join(', ')} for a chart tile`);
  } else if (tileType === 'map' && !MAP_TYPES.includes(chartType as never)) {
    report(['chart_type'], `must be one of ${MAP_TYPES.join(', ')} for a map tile`);
  } else if (tileType !== 'chart' && tileType !== 'map' && chartType !== null) {
    report(['chart_type'], `must be empty for a ${tileType} tile`);
  }
  for (const key of unknownChartConfigKeys(tileType, chartType, tile.chart_config ?? {})) {
    report(['chart_config', key], `is not a chart_config key of a ${chartType ?? tileType} tile`);
  }
  if (tile.source?.kind === 'sql' && tile.source.query && tileType === 'text') {
    report(['source'], 'a text tile has no data source');
  }
  const click = tile.chart_config?.click_filter;
  if (click !== undefined && click !== null && !isClickFilter(click)) {
    report(
      ['chart_config', 'click_filter'],
      'must be { filter, field }: the id of a dashboard filter and a column of the tile’s result'
    );
  }
  const comparison = tile.chart_config?.comparison as Record<string, unknown> | null | undefined;
  if (comparison !== undefined && comparison !== null) {
    if (typeof comparison !== 'object' || Array.isArray(comparison)) {
      report(['chart_config', 'comparison'], 'must be an object');
    } else if (comparison.query !== undefined) {
      const query = comparison.query;
      if (typeof query !== 'string' || query.trim() === '' || query.length > 100_000) {
        report(['chart_config', 'comparison', 'query'], 'must be SQL of 1 to 100,000 characters');
      } else if (tile.source?.kind !== 'sql') {
        report(
          ['chart_config', 'comparison', 'query'],
          "runs on the tile's datasource: the tile needs a SQL source"
        );
      }
    }
  }
}

const refineTile = (tile: CanonicalTile, ctx: z.RefinementCtx) =>
  checkTileRules(tile, (path, message) => ctx.addIssue({ code: 'custom', path, message }));

/** What a tile gives twice must agree: its source (source or datasource_id/query), its map type. */
export const exclusiveSource = (tile: TileFields, ctx: z.RefinementCtx) => {
  if (tile.source && (tile.query !== undefined || tile.datasource_id !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['source'],
      message: 'give either source or datasource_id/query, not both',
    });
  }
  if (takesMapType(tile)) {
    const mapType = tile.chart_config!.map_type;
    if (!MAP_TYPES.includes(mapType as never)) {
      ctx.addIssue({
        code: 'custom',
        path: ['chart_config', 'map_type'],
        message: `must be one of ${MAP_TYPES.join(', ')}`,
      });
    } else if (tile.chart_type !== undefined && tile.chart_type !== null && tile.chart_type !== mapType) {
      ctx.addIssue({
        code: 'custom',
        path: ['chart_config', 'map_type'],
        message: `is the map's chart_type: give one of them, or the same value ("${tile.chart_type}")`,
      });
    }
  }
};

export const newTileDefaults = (tile: CanonicalTile): CanonicalTile => ({
  tile_type: 'chart',
  chart_type: null,
  chart_config: {},
  source: { kind: 'none' },
  grid_w: 4,
  grid_h: 3,
  ...tile,
});

/** POST /:id/tiles: a tile in the canonical form. */
export const createTileSchema = tileFields
  .required({ title: true })
  .superRefine(exclusiveSource)
  .transform((tile) => newTileDefaults(fromTileFields(tile)))
  .superRefine(refineTile);

/** POST /:id/tiles/preview: a tile as the editor holds it before saving (the title may still be empty). */
export const previewTileSchema = tileFields
  .superRefine(exclusiveSource)
  .transform((tile) => newTileDefaults(fromTileFields(tile)))
  .superRefine(refineTile);

/** POST /:id/tiles/from-conversation: the chart of an AI conversation message. */
export const conversationTileSchema = tileFields
  .required({ title: true, conversation_id: true, message_id: true })
  .superRefine(exclusiveSource)
  .transform((tile) => newTileDefaults(fromTileFields(tile)))
  .superRefine(refineTile);

/** PUT /:id/tiles/:tileId: a partial tile; the whole-tile rules run on the merged result. */
export const updateTileSchema = tileFields.superRefine(exclusiveSource).transform(fromTileFields);

export const layoutUpdateSchema = z
  .object({
    layouts: z
      .array(
        z
          .object({
            tile_id: documentIdSchema,
            grid_x: position,
            grid_y: position,
            grid_w: size,
            grid_h: size,
          })
          .strict()
      )
      .min(1)
      .max(200),
  })
  .strict();
