/** Pure logic of the dashboard settings dialog: its form, the PUT body, and filter bindings on tiles. */
import type { ContentFilterValue, Dashboard, Tile, TileSource } from '../../../../contracts/dashboards';
import { isDatePreset } from '../../../../contracts/filter-presets';
import { filterDefinitions, paramNamesOf, type FilterType } from '../filters/presets';
import { sameJson } from '../../../../contracts/same-json';

/** Where a filter reaches a tile: a content-type field, an analytics parameter, or its SQL text. */
export type BindingKind = 'content-type' | 'analytics' | 'sql' | 'none';

export interface FilterDraft {
  /** React's key (a new filter has no id yet). */
  key: string;
  id: string;
  /** The filter was saved: its id (which tiles' SQL may name) can no longer change. */
  saved: boolean;
  label: string;
  type: FilterType;
  /** values: one option a line, `value` or `value = label`. */
  options: string;
  /** date_range: a preset key or ''; values: an option's value or ''; text: the text or ''. */
  default: string;
  /** By tile id: the content-type field or analytics parameter the filter sets ('' = none). */
  bindings: Record<string, string>;
}

export interface SettingsForm {
  name: string;
  description: string;
  tags?: string[];
  columns: number;
  theme: 'light' | 'dark';
  /** Seconds between automatic refreshes; null: off. */
  refresh: number | null;
  filters: FilterDraft[];
}

export const bindingKindOf = (tile: Tile): BindingKind =>
  tile.source.kind === 'content-type' || tile.source.kind === 'analytics' || tile.source.kind === 'sql'
    ? tile.source.kind
    : 'none';

const PLACEHOLDER = /^\{\{\s*([a-z][a-z0-9_]*)\s*\}\}$/;
const placeholderOf = (value: unknown) =>
  typeof value === 'string' ? (PLACEHOLDER.exec(value)?.[1] ?? null) : null;
const refersTo = (value: unknown, names: readonly string[]) => {
  const name = placeholderOf(value);
  return name !== null && names.includes(name);
};

/** The analytics parameters a values or text filter may set (a date range sets `from` and `to`). */
export const ANALYTICS_PARAMS = ['scope', 'pipelineId'] as const;

/** The field or parameter through which a filter reaches a tile: '' when it does not. */
export function bindingOf(tile: Tile, filter: { id: string; type: FilterType }): string {
  const names = paramNamesOf(filter);
  const source = tile.source;
  if (source.kind === 'content-type') {
    for (const [field, value] of Object.entries(source.filters ?? {})) {
      if (refersTo(value, names)) return field;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        if (Object.values(value).some((operand) => refersTo(operand, names))) return field;
      }
    }
    return '';
  }
  if (source.kind === 'analytics') {
    const found = Object.entries(source.params ?? {}).find(([, value]) => refersTo(value, names));
    if (!found) return '';
    return filter.type === 'date_range' ? 'from' : found[0];
  }
  if (source.kind === 'sql') {
    return names.some((name) => new RegExp(`\\{\\{\\s*${name}\\s*\\}\\}`).test(source.query)) ? 'sql' : '';
  }
  return '';
}

/** The condition a filter puts on a content-type field. */
function conditionOf(filter: { id: string; type: FilterType }): ContentFilterValue {
  switch (filter.type) {
    case 'date_range':
      return { $gte: `{{${filter.id}_from}}`, $lte: `{{${filter.id}_to}}` };
    case 'text':
      return { $contains: `{{${filter.id}}}` };
    case 'values':
      return `{{${filter.id}}}`;
  }
}

/** The source without any reference to the named parameters. */
function withoutFilter(source: TileSource, names: readonly string[]): TileSource {
  if (source.kind === 'content-type') {
    const filters: Record<string, ContentFilterValue> = {};
    for (const [field, value] of Object.entries(source.filters ?? {})) {
      if (refersTo(value, names)) continue;
      if (value && typeof value === 'object' && !Array.isArray(value)) {
        const kept = Object.fromEntries(
          Object.entries(value).filter(([, operand]) => !refersTo(operand, names))
        );
        if (Object.keys(kept).length > 0) filters[field] = kept;
        continue;
      }
      filters[field] = value;
    }
    return source.filters === undefined && Object.keys(filters).length === 0
      ? source
      : { ...source, filters };
  }
  if (source.kind === 'analytics') {
    const params = Object.fromEntries(
      Object.entries(source.params ?? {}).filter(([, value]) => !refersTo(value, names))
    );
    return source.params === undefined && Object.keys(params).length === 0 ? source : { ...source, params };
  }
  return source;
}

/** The source with the filter set through `binding` ('' : not at all); SQL is the query's own. */
export function withBinding(
  source: TileSource,
  filter: { id: string; type: FilterType },
  binding: string
): TileSource {
  const cleared = withoutFilter(source, paramNamesOf(filter));
  if (binding === '') return cleared;
  if (cleared.kind === 'content-type') {
    const current = cleared.filters?.[binding];
    const condition = conditionOf(filter);
    const merged =
      current && typeof current === 'object' && !Array.isArray(current) && typeof condition === 'object'
        ? { ...current, ...condition }
        : condition;
    return { ...cleared, filters: { ...cleared.filters, [binding]: merged } };
  }
  if (cleared.kind === 'analytics') {
    const params =
      filter.type === 'date_range'
        ? { from: `{{${filter.id}_from}}`, to: `{{${filter.id}_to}}` }
        : { [binding]: `{{${filter.id}}}` };
    return { ...cleared, params: { ...cleared.params, ...params } };
  }
  return cleared;
}

const optionLines = (options: { value: string; label: string }[] | undefined) =>
  (options ?? []).map((option) =>
    option.value === option.label ? option.value : `${option.value} = ${option.label}`
  );

/** The dialog's form as the dashboard stands. */
export function settingsFormOf(dashboard: Dashboard): SettingsForm {
  const raw = new Map(
    (dashboard.filters ?? []).flatMap((filter) =>
      typeof filter === 'object' && filter !== null && 'id' in filter
        ? [[String((filter as { id: unknown }).id), filter as Record<string, unknown>]]
        : []
    )
  );
  return {
    name: dashboard.name,
    description: dashboard.description ?? '',
    tags: dashboard.tags ?? [],
    columns: dashboard.layout.columns,
    theme: dashboard.settings.theme === 'dark' ? 'dark' : 'light',
    refresh: dashboard.settings.auto_refresh ? (dashboard.settings.refresh_interval_seconds ?? null) : null,
    filters: filterDefinitions(dashboard.filters).map((filter) => {
      const fallback = raw.get(filter.id)?.default;
      return {
        key: filter.id,
        id: filter.id,
        saved: true,
        label: filter.label,
        type: filter.type,
        options: optionLines(filter.options).join('\n'),
        default:
          filter.type === 'date_range'
            ? isDatePreset(fallback)
              ? fallback
              : ''
            : typeof fallback === 'string' || typeof fallback === 'number'
              ? String(fallback)
              : '',
        bindings: Object.fromEntries(
          dashboard.tiles.map((tile) => [tile.id, bindingOf(tile, filter)] as const).filter(([, b]) => b)
        ),
      };
    }),
  };
}

/** `value` or `value = label` lines as the server stores options. */
export function parseOptions(text: string): (string | { value: string; label: string })[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf(' = ');
      if (at < 0) return line;
      const value = line.slice(0, at).trim();
      const label = line.slice(at + 3).trim();
      return label && label !== value ? { value, label } : value;
    });
}

const optionValue = (option: string | { value: string }) =>
  typeof option === 'string' ? option : option.value;

/** A filter id from its label: `Closing period` → `closing_period`. */
export function idFromLabel(label: string): string {
  const id = label
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^[^a-z]+/, '')
    .replace(/_+$/, '')
    .slice(0, 50);
  return id || 'filter';
}

export const FILTER_ID = /^[a-z][a-z0-9_]{0,49}$/;

/** Why the form cannot be saved (a message key), or null. */
export function formProblem(form: SettingsForm): { key: string; filter?: string } | null {
  if (!form.name.trim()) return { key: 'name' };
  const ids = new Set<string>();
  for (const filter of form.filters) {
    if (!filter.label.trim()) return { key: 'filterLabel', filter: filter.key };
    if (!FILTER_ID.test(filter.id)) return { key: 'filterId', filter: filter.key };
    if (ids.has(filter.id)) return { key: 'filterDuplicate', filter: filter.key };
    ids.add(filter.id);
    if (filter.type === 'values' && parseOptions(filter.options).length === 0)
      return { key: 'filterOptions', filter: filter.key };
  }
  return null;
}

/** The PUT /dashboards/:id body the form makes. */
export function settingsBody(form: SettingsForm) {
  return {
    name: form.name.trim(),
    description: form.description.trim() ? form.description : null,
    ...(form.tags ? { tags: form.tags } : {}),
    layout: { columns: form.columns },
    settings: {
      theme: form.theme,
      auto_refresh: form.refresh !== null,
      refresh_interval_seconds: form.refresh,
    },
    filters: form.filters.map((filter) => {
      const stored: Record<string, unknown> = {
        id: filter.id,
        type: filter.type,
        label: filter.label.trim(),
      };
      if (filter.type === 'values') {
        const options = parseOptions(filter.options);
        stored.options = options;
        if (filter.default && options.some((option) => optionValue(option) === filter.default))
          stored.default = filter.default;
      } else if (filter.default) {
        stored.default = filter.default;
      }
      return stored;
    }),
  };
}

/**
 * The tiles whose source the form's bindings change, with their new source: bindings of removed
 * filters are taken off, the others set as the form says (SQL tiles keep their query).
 */
export function tileSourceChanges(
  dashboard: Dashboard,
  form: SettingsForm
): { tile: Tile; source: TileSource }[] {
  const removed = filterDefinitions(dashboard.filters).filter(
    (filter) => !form.filters.some((draft) => draft.saved && draft.id === filter.id)
  );
  return dashboard.tiles.flatMap((tile) => {
    const kind = bindingKindOf(tile);
    if (kind !== 'content-type' && kind !== 'analytics') return [];
    let source = tile.source;
    for (const filter of removed) source = withBinding(source, filter, '');
    for (const filter of form.filters) source = withBinding(source, filter, filter.bindings[tile.id] ?? '');
    return sameJson(source, tile.source) ? [] : [{ tile, source }];
  });
}

/**
 * The tiles to send with the settings, when the form's bindings change any tile's source: every
 * tile, by its id, with its source as the bindings leave it, so the dashboard and its tiles are
 * saved by one request, all or nothing. Undefined when no tile changes.
 */
export function settingsTiles(dashboard: Dashboard, form: SettingsForm) {
  const changes = new Map(tileSourceChanges(dashboard, form).map(({ tile, source }) => [tile.id, source]));
  if (changes.size === 0) return undefined;
  return dashboard.tiles.map((tile) => ({
    id: tile.id,
    title: tile.title,
    tile_type: tile.tile_type,
    chart_type: tile.chart_type,
    source: changes.get(tile.id) ?? tile.source,
    chart_config: tile.chart_config,
    grid_x: tile.grid_x,
    grid_y: tile.grid_y,
    grid_w: tile.grid_w,
    grid_h: tile.grid_h,
  }));
}

/**
 * The tiles a filter reaches as the form stands: SQL tiles whose query names one of its parameters
 * (`{{x}}`, or a date range's `{{x_from}}`/`{{x_to}}`), and content-type or analytics tiles it is
 * bound to. Removing it leaves their SQL without a value, or takes their binding off.
 */
export function tilesUsing(tiles: readonly Tile[], filter: FilterDraft): Tile[] {
  if (!FILTER_ID.test(filter.id)) return [];
  return tiles.filter((tile) =>
    bindingKindOf(tile) === 'sql' ? bindingOf(tile, filter) === 'sql' : Boolean(filter.bindings[tile.id])
  );
}
