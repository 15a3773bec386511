import { z } from 'zod';
import { MAX_TAG_LENGTH, MAX_TAGS, MAX_TILES } from '../../contracts/dashboards';
import { jsonField } from '../http/validate';
import { MAX_COLUMNS } from './layout';
import { documentIdSchema } from './request-params';
import {
  checkTileRules,
  exclusiveSource,
  fromTileFields,
  fromWidget,
  newTileDefaults,
  tileFields,
  widgetFields,
  type CanonicalTile,
} from './tile-schema';

/* A dashboard's fields: its create, update and import bodies, with the tiles or widgets they hold. */

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

/** The first spelling of each tag, compared case-insensitively. */
export function uniqueTags(tags: string[]): string[] {
  const seen = new Set<string>();
  return tags.filter((tag) => {
    const key = tag.toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Tags: each trimmed and 1–40 characters, duplicates (ignoring case) dropped, then at most 10. */
export const tagsSchema = z
  .array(
    z
      .string()
      .trim()
      .min(1, 'must not be empty')
      .max(MAX_TAG_LENGTH, `must be at most ${MAX_TAG_LENGTH} characters`)
  )
  .max(MAX_TAGS * 10, `must be at most ${MAX_TAGS} tags`)
  .transform(uniqueTags)
  .pipe(z.array(z.string()).max(MAX_TAGS, `must be at most ${MAX_TAGS} tags`));

const dashboardFields = z
  .object({
    name: z.string().trim().min(1, 'Dashboard name is required').max(255),
    description: z.string().max(10_000).nullable(),
    tags: tagsSchema,
    workspace_id: documentIdSchema.nullable(),
    layout: layoutSchema,
    refresh_interval_seconds: refreshInterval,
    settings: settingsSchema,
    status: z.enum(['draft', 'active']),
    is_archived: z.boolean(),
    filters: z.array(filterSchema).max(20),
    embed: z.object({ allowed_domains: z.array(domainSchema).max(50) }).strict(),
    tiles: z
      .array(
        tileFields
          .extend({ id: documentIdSchema })
          .partial()
          .strict()
          .superRefine(exclusiveSource)
          .transform(({ id, ...fields }) => ({ id, tile: fromTileFields(fields) }))
      )
      .max(MAX_TILES),
    widgets: z.array(widgetFields.transform(fromWidget)).max(MAX_TILES),
  })
  .partial()
  .strict();

export interface CanonicalDashboard {
  name?: string;
  description?: string | null;
  tags?: string[];
  workspace_id?: string | null;
  layout?: { columns?: number; rowHeight?: number; gap?: number };
  settings?: { auto_refresh?: boolean; refresh_interval_seconds?: number | null; theme?: 'light' | 'dark' };
  status?: 'draft' | 'active';
  is_archived?: boolean;
  filters?: z.output<typeof filterSchema>[];
  embed?: { allowed_domains: string[] };
  /**
   * The whole set of tiles (replacing the current one on update), with where each came from; on
   * update, a tile's `id` (or a widget's) names the stored tile it rewrites in place.
   */
  tiles?: {
    tile: CanonicalTile;
    path: (string | number)[];
    ref: { widget_id?: string; tile_id?: string; index: number };
  }[];
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
    canonical.tiles = tiles.map(({ id, tile }, index) => ({
      tile,
      path: ['tiles', index],
      ref: { index, ...(id ? { tile_id: id } : {}) },
    }));
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
