/** Pure logic of the filters bar: the filter definitions it understands and the date presets. */
import {
  DATE_PRESETS,
  isDatePreset,
  isoDay,
  presetRange,
  type DatePreset,
  type DateRange,
} from '../../../../contracts/filter-presets';

export type FilterType = 'date_range' | 'values' | 'text';

/** One of a dashboard's filters, as `server/dashboards/validation.ts` accepts it. */
export interface FilterDefinition {
  id: string;
  type: FilterType;
  label: string;
  /** Each option's value (sent to the tiles) and label (shown). */
  options?: { value: string; label: string }[];
  default?: unknown;
}

const TYPES: readonly FilterType[] = ['date_range', 'values', 'text'];

/** A filter option as the server accepts it: a value, or `{value, label}`. */
function optionOf(option: unknown): { value: string; label: string }[] {
  if (typeof option === 'string' || typeof option === 'number')
    return [{ value: String(option), label: String(option) }];
  if (typeof option === 'object' && option !== null) {
    const { value, label } = option as Record<string, unknown>;
    if ((typeof value === 'string' || typeof value === 'number') && typeof label === 'string')
      return [{ value: String(value), label }];
  }
  return [];
}

/** The well-formed filters of a dashboard (anything else in `filters` is skipped). */
export function filterDefinitions(filters: unknown[] | null | undefined): FilterDefinition[] {
  if (!Array.isArray(filters)) return [];
  return filters.flatMap((filter): FilterDefinition[] => {
    if (typeof filter !== 'object' || filter === null) return [];
    const { id, type, label, options, default: fallback } = filter as Record<string, unknown>;
    if (typeof id !== 'string' || !TYPES.includes(type as FilterType)) return [];
    return [
      {
        id,
        type: type as FilterType,
        label: typeof label === 'string' && label ? label : id,
        options: Array.isArray(options) ? options.flatMap(optionOf) : undefined,
        default: fallback,
      },
    ];
  });
}

/** The parameter names a filter fills: `x` (values, text) or `x_from` and `x_to` (date range). */
export const paramNamesOf = (filter: Pick<FilterDefinition, 'id' | 'type'>): string[] =>
  filter.type === 'date_range' ? [`${filter.id}_from`, `${filter.id}_to`] : [filter.id];

/** The values a query string (`?period_from=…&region=EU`) chooses for these filters; one left out is the default. */
export function chosenValues(definitions: readonly FilterDefinition[], search: URLSearchParams) {
  const chosen: Record<string, string> = {};
  for (const name of definitions.flatMap(paramNamesOf)) {
    const value = search.get(name);
    if (value !== null && value !== '') chosen[name] = value;
  }
  return chosen;
}

/**
 * A filter's default for one of its parameters: a date range's `[from, to]` days or preset
 * (`"last30"`, its days on the UTC calendar at `now`, as the server resolves it), another
 * filter's value; '' when it has none.
 */
export function defaultValue(filter: FilterDefinition, name: string, now: Date = new Date()): string {
  const names = paramNamesOf(filter);
  let fallback = filter.default;
  if (filter.type === 'date_range') {
    if (isDatePreset(fallback)) {
      const range = presetRange(fallback, now);
      return names.indexOf(name) === 0 ? range.from : range.to;
    }
    fallback = Array.isArray(fallback) ? fallback[names.indexOf(name)] : undefined;
  }
  return fallback === undefined || fallback === null || typeof fallback === 'object' ? '' : String(fallback);
}

/** The value the server uses for a parameter: the one chosen in the bar, else the filter's default, else ''. */
export function shownValue(
  filter: FilterDefinition,
  values: Record<string, string>,
  name: string,
  now: Date = new Date()
): string {
  if (Object.hasOwn(values, name) && values[name] !== '') return values[name];
  return defaultValue(filter, name, now);
}

/**
 * What the tiles run with: each parameter's chosen value, and a date range's preset default (such
 * as "last 30 days") as the days the bar shows, on the UTC calendar (the server's). Other defaults
 * are the server's to apply (it applies every filter's default to a parameter left out).
 */
export function effectiveValues(
  definitions: readonly FilterDefinition[],
  values: Record<string, string>,
  now: Date = new Date()
): Record<string, string> {
  const effective: Record<string, string> = {};
  for (const filter of definitions) {
    for (const name of paramNamesOf(filter)) {
      const chosen = Object.hasOwn(values, name) ? values[name] : '';
      const value =
        chosen !== ''
          ? chosen
          : filter.type === 'date_range' && isDatePreset(filter.default)
            ? defaultValue(filter, name, now)
            : '';
      if (value !== '') effective[name] = value;
    }
  }
  return effective;
}

export { DATE_PRESETS, isDatePreset, isoDay, presetRange };

/**
 * The English labels of the date presets (the `filters.preset.<key>` messages' defaults), with the
 * filters bar's "Default" (no value) and "Custom" (days that are no preset).
 */
export const PRESET_LABELS: Record<DatePreset | 'custom' | 'none', string> = {
  none: 'Default',
  last7: 'Last 7 days',
  last30: 'Last 30 days',
  last90: 'Last 90 days',
  thisMonth: 'This month',
  lastMonth: 'Last month',
  thisQuarter: 'This quarter',
  thisYear: 'This year',
  lastYear: 'Last year',
  custom: 'Custom',
};
export type { DatePreset, DateRange };

/**
 * `YYYY-MM-DD` (or the date part of an ISO date-time) as the design system's DatePicker takes a
 * day: UTC midnight (it reads its value on the UTC calendar, and gives back local midnight, which
 * `isoDay(date)` writes). Undefined when it is not a date.
 */
export function dayOf(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** The preset a from/to pair is at `now` (UTC calendar): '' when both are empty, 'custom' when none matches. */
export function presetOf(range: DateRange, now: Date = new Date()): DatePreset | 'custom' | '' {
  if (range.from === '' && range.to === '') return '';
  const from = range.from.slice(0, 10);
  const to = range.to.slice(0, 10);
  return (
    DATE_PRESETS.find((preset) => {
      const candidate = presetRange(preset, now);
      return candidate.from === from && candidate.to === to;
    }) ?? 'custom'
  );
}

/** `values` with a range's two parameters set (an empty day leaves its parameter out). */
export function withRange(
  values: Record<string, string>,
  id: string,
  range: DateRange
): Record<string, string> {
  return { ...values, [`${id}_from`]: range.from, [`${id}_to`]: range.to };
}
