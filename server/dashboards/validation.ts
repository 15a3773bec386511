import { z } from 'zod';
import {
  ANALYTICS_ENDPOINTS,
  CHART_TYPES,
  MAP_TYPES,
  SORT_FIELDS,
  TILE_TYPES,
  type TileSource,
  type TileType,
} from '../../contracts/dashboards';
import { jsonField } from '../http/validate';
import { MAX_COLUMNS, MAX_ROWS } from './layout';
import { toCanonicalChartConfig, unknownChartConfigKeys } from './chart-config';

export const queryBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');
export const queryInt = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const listQuerySchema = z
  .object({
    workspace_id: z.string().min(1).max(64).optional(),
    include_archived: queryBoolean.optional(),
    search: z.string().max(200).optional(),
    page: queryInt(1, 1_000_000).optional(),
    limit: queryInt(1, 100).optional(),
    offset: queryInt(0, 100_000_000).optional(),
    sort: z.enum(SORT_FIELDS).optional(),
    order: z.enum(['asc', 'desc']).optional(),
  })
  .strict();
export type ListQuery = z.output<typeof listQuerySchema>;

export const documentIdSchema = z.string().regex(/^[a-z0-9]{1,64}$/, 'must be a dashboard id');
/** Route params come from the router (which adds positional keys of its own), so unknown keys are ignored. */
export const idParamsSchema = z.object({ id: documentIdSchema });
export const tileParamsSchema = z.object({ id: documentIdSchema, tileId: documentIdSchema });

// ----- tiles --------------------------------------------------------------------------------------

const shortText = z.string().max(255);
const position = z.number().int().min(0).max(MAX_ROWS);
const size = z.number().int().min(1).max(MAX_ROWS);
const config = jsonField(z.record(z.string(), z.unknown()));

const sqlSource = z
  .object({
    kind: z.literal('sql'),
    datasource_id: z.string().min(1).max(100).default('strapi'),
    catalog: z.string().max(100).nullable().optional(),
    schema: z.string().max(100).nullable().optional(),
    query: z.string().trim().min(1).max(100_000),
    project_uuid: z.string().max(100).optional(),
    step_id: z.string().max(100).optional(),
  })
  .strict();

const fieldName = z.string().regex(/^[A-Za-z_][\w.]{0,99}$/, 'must be a field name');

const filterScalar = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);
const filterList = z.array(filterScalar).max(1000);
/** `field: value`, `field: [values]` or `field: { $operator: value }` (operators are checked with the content type). */
const contentFilters = z
  .record(
    fieldName,
    z.union([filterScalar, filterList, z.record(z.string(), z.union([filterScalar, filterList]))])
  )
  .refine((filters) => Object.keys(filters).length <= 20, 'at most 20 fields');

const contentTypeSource = z
  .object({
    kind: z.literal('content-type'),
    uid: z.string().regex(/^(api|plugin)::[\w-]+\.[\w-]+$/, 'must be a content-type uid'),
    measure: z
      .object({ fn: z.enum(['count', 'sum', 'avg', 'min', 'max']), field: fieldName.optional() })
      .strict(),
    group_by: fieldName.optional(),
    date_bucket: z
      .object({
        field: fieldName,
        unit: z.enum(['day', 'week', 'month', 'quarter', 'year']),
        timezone: z.string().max(64).optional(),
      })
      .strict()
      .optional(),
    filters: contentFilters.optional(),
    sort: z.enum(['asc', 'desc']).optional(),
    limit: z.number().int().min(1).max(10_000).optional(),
  })
  .strict();

const analyticsSource = z
  .object({
    kind: z.literal('analytics'),
    endpoint: z.enum(ANALYTICS_ENDPOINTS),
    params: z.record(z.string(), z.union([z.string().max(200), z.number()])).optional(),
  })
  .strict();

const noSource = z.object({ kind: z.literal('none') }).strict();

export const tileSourceSchema = z.discriminatedUnion('kind', [
  sqlSource,
  contentTypeSource,
  analyticsSource,
  noSource,
]);

/**
 * A tile in the canonical form (`tile_type`, `chart_type`, `grid_*`, a `source` or
 * `datasource_id`/`query`), every field optional so updates can reuse it.
 */
const tileFields = z
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

/** A tile in the widget form: `type`, `position {x,y,w,h}`, `data_source` and `config`. */
const widgetFields = z
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
  conversation_id?: string;
  message_id?: string;
}

function fromTileFields(tile: TileFields): CanonicalTile {
  const { datasource_id, catalog, schema, query, source, chart_config, ...rest } = tile;
  const canonical: CanonicalTile = { ...rest };
  if (source) canonical.source = source;
  else if (query !== undefined) {
    canonical.source = { kind: 'sql', datasource_id: datasource_id ?? 'strapi', catalog, schema, query };
  }
  if (chart_config) canonical.chart_config = toCanonicalChartConfig(chart_config);
  return canonical;
}

function fromWidget(widget: z.output<typeof widgetFields>): CanonicalTile {
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

const exclusiveSource = (tile: TileFields, ctx: z.RefinementCtx) => {
  if (tile.source && (tile.query !== undefined || tile.datasource_id !== undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['source'],
      message: 'give either source or datasource_id/query, not both',
    });
  }
};

const newTileDefaults = (tile: CanonicalTile): CanonicalTile => ({
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

// ----- dashboards ---------------------------------------------------------------------------------

const layoutSchema = z
  .object({
    columns: z.number().int().min(1).max(MAX_COLUMNS),
    rowHeight: z.number().int().min(10).max(1000),
    row_height: z.number().int().min(10).max(1000),
    gap: z.number().int().min(0).max(100),
  })
  .partial()
  .strict()
  .transform(({ row_height, rowHeight, ...rest }) => ({
    ...rest,
    ...((rowHeight ?? row_height) !== undefined ? { rowHeight: rowHeight ?? row_height } : {}),
  }));

const refreshInterval = z.number().int().min(10).max(86_400).nullable();

const settingsSchema = z
  .object({
    auto_refresh: z.boolean(),
    refresh_interval_seconds: refreshInterval,
    theme: z.enum(['light', 'dark']),
  })
  .partial()
  .strict();

const filterSchema = z
  .object({
    id: z.string().regex(/^[a-z][a-z0-9_]{0,49}$/, 'must be a lowercase identifier'),
    type: z.enum(['date_range', 'values', 'text']),
    label: z.string().min(1).max(100),
    /** A value, or `{value, label}` where the bar shows the label and the tiles get the value. */
    options: z
      .array(
        z.union([
          z.string().max(200),
          z.number(),
          z
            .object({ value: z.union([z.string().max(200), z.number()]), label: z.string().min(1).max(200) })
            .strict(),
        ])
      )
      .max(500)
      .optional(),
    default: jsonField(z.unknown()).optional(),
  })
  .strict();

const domainSchema = z
  .string()
  .max(253)
  .regex(/^(\*\.)?([a-z0-9-]+\.)*[a-z0-9-]+(:\d{1,5})?$/i, 'must be a host name such as app.example.com');

const dashboardFields = z
  .object({
    name: z.string().trim().min(1, 'Dashboard name is required').max(255),
    description: z.string().max(10_000).nullable(),
    workspace_id: documentIdSchema.nullable(),
    layout: layoutSchema,
    refresh_interval_seconds: refreshInterval,
    settings: settingsSchema,
    status: z.enum(['draft', 'active']),
    is_archived: z.boolean(),
    filters: z.array(filterSchema).max(20),
    embed: z.object({ allowed_domains: z.array(domainSchema).max(50) }).strict(),
    tiles: z.array(tileFields.superRefine(exclusiveSource).transform(fromTileFields)).max(100),
    widgets: z.array(widgetFields.transform(fromWidget)).max(100),
  })
  .partial()
  .strict();

export interface CanonicalDashboard {
  name?: string;
  description?: string | null;
  workspace_id?: string | null;
  layout?: { columns?: number; rowHeight?: number; gap?: number };
  settings?: { auto_refresh?: boolean; refresh_interval_seconds?: number | null; theme?: 'light' | 'dark' };
  status?: 'draft' | 'active';
  is_archived?: boolean;
  filters?: z.output<typeof filterSchema>[];
  embed?: { allowed_domains: string[] };
  /** The whole set of tiles (replacing the current one on update), with where each came from. */
  tiles?: { tile: CanonicalTile; path: (string | number)[]; ref: { widget_id?: string; index: number } }[];
}

function toCanonicalDashboard(
  body: z.output<typeof dashboardFields>,
  ctx: z.RefinementCtx
): CanonicalDashboard {
  const { tiles, widgets, refresh_interval_seconds, settings, ...rest } = body;
  if (tiles && widgets) {
    ctx.addIssue({ code: 'custom', path: ['widgets'], message: 'give either tiles or widgets, not both' });
  }
  const canonical: CanonicalDashboard = { ...rest };
  if (settings || refresh_interval_seconds !== undefined) {
    canonical.settings = {
      ...settings,
      ...(refresh_interval_seconds !== undefined ? { refresh_interval_seconds } : {}),
    };
  }
  if (tiles) {
    canonical.tiles = tiles.map((tile, index) => ({ tile, path: ['tiles', index], ref: { index } }));
  } else if (widgets) {
    canonical.tiles = widgets.map((tile, index) => ({
      tile,
      path: ['widgets', index],
      ref: { index, ...(tile.widget_key ? { widget_id: tile.widget_key } : {}) },
    }));
  }
  return canonical;
}

/** Tiles given inside a dashboard body are whole tiles: they need a title, and pass the whole-tile rules. */
function refineBodyTiles(dashboard: CanonicalDashboard, ctx: z.RefinementCtx) {
  for (const entry of dashboard.tiles ?? []) {
    if (!entry.tile.title)
      ctx.addIssue({ code: 'custom', path: [...entry.path, 'title'], message: 'is required' });
    entry.tile = newTileDefaults(entry.tile);
    checkTileRules(entry.tile, (path, message) =>
      ctx.addIssue({ code: 'custom', path: [...entry.path, ...path], message })
    );
  }
}

/** POST /dashboards: with `tiles` in the canonical form, or `widgets` in the widget form. */
export const createDashboardSchema = dashboardFields
  .required({ name: true })
  .transform(toCanonicalDashboard)
  .superRefine(refineBodyTiles);

/** PUT /dashboards/:id: any subset of the create fields (and is_archived). */
export const updateDashboardSchema = dashboardFields
  .transform(toCanonicalDashboard)
  .superRefine(refineBodyTiles);

/** Row ids are 32-bit integers on every database. */
const rowId = z.number().int().positive().max(2_147_483_647);

export const memberSchema = z.object({ user_id: rowId, role: z.enum(['editor', 'viewer']) }).strict();
export const memberParamsSchema = z.object({
  id: documentIdSchema,
  userId: z.coerce.number().int().positive(),
});

/** POST /dashboards/import: what GET /dashboards/:id/export wrote. */
export const importSchema = z
  .object({
    version: z.literal(1),
    exported_at: z.string().max(64).optional(),
    dashboard: dashboardFields
      .omit({ widgets: true, is_archived: true, workspace_id: true })
      .required({ name: true }),
  })
  .strict()
  .transform(({ dashboard }, ctx) => toCanonicalDashboard(dashboard, ctx))
  .superRefine(refineBodyTiles);

/** GET …/data: dashboard filter values as `params[<filter id>]=value`. */
export const dataQuerySchema = z
  .object({ params: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,49}$/), z.string().max(1000)).optional() })
  .strict();

/** GET /:id: `refresh=true` runs the tiles first. */
export const findOneQuerySchema = z
  .object({ refresh: queryBoolean.optional(), share_token: z.string().max(512).optional() })
  .strict();
