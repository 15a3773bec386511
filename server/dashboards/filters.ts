import { isDatePreset, presetRange } from '../../contracts/filter-presets';
import { invalidField } from '../http/errors';

type FilterOption = string | number | { value: string | number; label: string };

const optionValue = (option: FilterOption) => String(typeof option === 'object' ? option.value : option);

interface FilterDefinition {
  id: string;
  type: 'date_range' | 'values' | 'text';
  options?: FilterOption[];
  default?: unknown;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * The parameters a dashboard's tiles may use, from its filters: a `values` or `text` filter `x`
 * gives `{{x}}`, a `date_range` filter `x` gives `{{x_from}}` and `{{x_to}}`. Values come from the
 * request (`params[…]`) or the filter's default (a date range's `[from, to]`, or a preset such as
 * `"last30"` resolved on the UTC calendar at `now`, as the admin's filters bar resolves it);
 * anything else is a 400 naming the parameter.
 */
export function resolveFilterParams(
  filters: FilterDefinition[] | null | undefined,
  given: Record<string, string> = {},
  now: Date = new Date()
) {
  const params: Record<string, unknown> = {};
  const accepted = new Set<string>();
  for (const filter of filters ?? []) {
    const names = filter.type === 'date_range' ? [`${filter.id}_from`, `${filter.id}_to`] : [filter.id];
    const preset =
      filter.type === 'date_range' && isDatePreset(filter.default) ? presetRange(filter.default, now) : null;
    names.forEach((name, index) => {
      accepted.add(name);
      const fallback = preset
        ? [preset.from, preset.to][index]
        : filter.type === 'date_range' && Array.isArray(filter.default)
          ? filter.default[index]
          : filter.default;
      const value = Object.hasOwn(given, name) ? given[name] : fallback;
      if (value === undefined) return;
      if (
        filter.type === 'date_range' &&
        (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value)))
      ) {
        throw invalidField(['params', name], 'must be an ISO 8601 date');
      }
      const allowed = filter.options?.map(optionValue);
      if (filter.type === 'values' && allowed && !allowed.includes(String(value))) {
        throw invalidField(['params', name], `must be one of ${allowed.join(', ')}`);
      }
      params[name] = value;
    });
  }
  for (const name of Object.keys(given)) {
    if (!accepted.has(name)) throw invalidField(['params', name], 'is not a filter of this dashboard');
  }
  return params;
}
