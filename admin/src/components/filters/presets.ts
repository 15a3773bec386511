/** Pure logic of the filters bar: the filter definitions it understands and the date presets. */

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

/** The value the server uses for a parameter: the one chosen in the bar, else the filter's default, else ''. */
export function shownValue(filter: FilterDefinition, values: Record<string, string>, name: string): string {
  if (Object.hasOwn(values, name) && values[name] !== '') return values[name];
  const names = paramNamesOf(filter);
  const fallback =
    filter.type === 'date_range' && Array.isArray(filter.default)
      ? filter.default[names.indexOf(name)]
      : filter.default;
  return fallback === undefined || fallback === null || typeof fallback === 'object' ? '' : String(fallback);
}

export const DATE_PRESETS = [
  'last7',
  'last30',
  'last90',
  'thisMonth',
  'lastMonth',
  'thisQuarter',
  'thisYear',
  'lastYear',
] as const;
export type DatePreset = (typeof DATE_PRESETS)[number];

export interface DateRange {
  from: string;
  to: string;
}

const pad = (value: number) => String(value).padStart(2, '0');

/** A local calendar day as `YYYY-MM-DD`. */
export const isoDay = (date: Date): string =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** `YYYY-MM-DD` (or the date part of an ISO date-time) as local midnight; undefined when it is not a date. */
export function dayOf(text: string): Date | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return undefined;
  const date = new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

const day = (year: number, month: number, date: number) => isoDay(new Date(year, month, date));

/** The from/to days (both inclusive) of a preset, on the local calendar of `today`. */
export function presetRange(preset: DatePreset, today: Date = new Date()): DateRange {
  const [year, month, date] = [today.getFullYear(), today.getMonth(), today.getDate()];
  const to = day(year, month, date);
  switch (preset) {
    case 'last7':
      return { from: day(year, month, date - 6), to };
    case 'last30':
      return { from: day(year, month, date - 29), to };
    case 'last90':
      return { from: day(year, month, date - 89), to };
    case 'thisMonth':
      return { from: day(year, month, 1), to };
    case 'lastMonth':
      return { from: day(year, month - 1, 1), to: day(year, month, 0) };
    case 'thisQuarter':
      return { from: day(year, month - (month % 3), 1), to };
    case 'thisYear':
      return { from: day(year, 0, 1), to };
    case 'lastYear':
      return { from: day(year - 1, 0, 1), to: day(year - 1, 11, 31) };
  }
}

/** The preset a from/to pair is, on `today`'s calendar: '' when both are empty, 'custom' when none matches. */
export function presetOf(range: DateRange, today: Date = new Date()): DatePreset | 'custom' | '' {
  if (range.from === '' && range.to === '') return '';
  const from = range.from.slice(0, 10);
  const to = range.to.slice(0, 10);
  return (
    DATE_PRESETS.find((preset) => {
      const candidate = presetRange(preset, today);
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
