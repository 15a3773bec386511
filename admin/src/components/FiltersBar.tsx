import * as React from 'react';

import {
  Box,
  DatePicker,
  Field,
  Flex,
  SingleSelect,
  SingleSelectOption,
  TextInput,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import { getTranslationId } from '../utils/translations';
import {
  DATE_PRESETS,
  dayOf,
  filterDefinitions,
  isoDay,
  presetOf,
  PRESET_LABELS,
  presetRange,
  shownValue,
  withRange,
  type DatePreset,
  type FilterDefinition,
} from './filters/presets';

/** The values of a dashboard's filters, by the parameter names the tiles use (`x`, `x_from`, `x_to`). */
export type FilterValues = Record<string, string>;

interface FiltersBarProps {
  /** The dashboard's filter definitions (`{ id, type: 'date_range' | 'values' | 'text', options?, default? }`). */
  filters: unknown[];
  values: FilterValues;
  onChange: (values: FilterValues) => void;
}

interface FilterFieldProps {
  filter: FilterDefinition;
  values: FilterValues;
  onChange: (values: FilterValues) => void;
}

/** A date range: a preset menu and the two days it sets (editing a day makes it "Custom"). */
const DateRangeFilter = ({ filter, values, onChange }: FilterFieldProps) => {
  const { formatMessage, locale } = useIntl();
  const from = shownValue(filter, values, `${filter.id}_from`);
  const to = shownValue(filter, values, `${filter.id}_to`);
  const preset = presetOf({ from, to });
  const presetLabel = (key: DatePreset | 'custom' | 'none') =>
    formatMessage({ id: getTranslationId(`filters.preset.${key}`), defaultMessage: PRESET_LABELS[key] });
  const setDay = (which: 'from' | 'to', date: Date | undefined) =>
    onChange(withRange(values, filter.id, { from, to, [which]: date ? isoDay(date) : '' }));
  const dayLabel = (which: 'from' | 'to') =>
    formatMessage(
      {
        id: getTranslationId(`filters.dateRange.${which}`),
        defaultMessage: which === 'from' ? '{label}: from' : '{label}: to',
      },
      { label: filter.label }
    );

  return (
    <Flex gap={2} alignItems="flex-end" data-filter-id={filter.id} data-filter-type="date_range">
      <Field.Root name={filter.id} style={{ minWidth: '20rem' }}>
        <Field.Label>{filter.label}</Field.Label>
        <SingleSelect
          size="S"
          value={preset === '' ? 'none' : preset}
          onChange={(choice) => {
            const key = String(choice);
            if (key === 'custom') return;
            onChange(
              withRange(
                values,
                filter.id,
                key === 'none' ? { from: '', to: '' } : presetRange(key as DatePreset)
              )
            );
          }}
        >
          <SingleSelectOption value="none">{presetLabel('none')}</SingleSelectOption>
          {DATE_PRESETS.map((key) => (
            <SingleSelectOption key={key} value={key}>
              {presetLabel(key)}
            </SingleSelectOption>
          ))}
          <SingleSelectOption value="custom" disabled>
            {presetLabel('custom')}
          </SingleSelectOption>
        </SingleSelect>
      </Field.Root>
      {(['from', 'to'] as const).map((which) => (
        <Box key={which}>
          <DatePicker
            size="S"
            locale={locale}
            aria-label={dayLabel(which)}
            name={`${filter.id}_${which}`}
            value={dayOf(which === 'from' ? from : to)}
            onChange={(date) => setDay(which, date)}
            onClear={() => setDay(which, undefined)}
            clearLabel={formatMessage({ id: getTranslationId('filters.clear'), defaultMessage: 'Clear' })}
          />
        </Box>
      ))}
    </Flex>
  );
};

/** A choice among the filter's options; clearing it leaves the parameter out (the filter's default applies). */
const ValuesFilter = ({ filter, values, onChange }: FilterFieldProps) => {
  const { formatMessage } = useIntl();
  const value = shownValue(filter, values, filter.id);
  return (
    <Box style={{ minWidth: '14rem' }} data-filter-id={filter.id} data-filter-type="values">
      <Field.Root name={filter.id}>
        <Field.Label>{filter.label}</Field.Label>
        <SingleSelect
          size="S"
          value={value === '' ? undefined : value}
          placeholder={formatMessage({ id: getTranslationId('filters.any'), defaultMessage: 'Any' })}
          onChange={(choice) => onChange({ ...values, [filter.id]: String(choice) })}
          // only a value chosen here can be cleared (the default is what clearing gives back)
          onClear={values[filter.id] ? () => onChange({ ...values, [filter.id]: '' }) : undefined}
          clearLabel={formatMessage({ id: getTranslationId('filters.clear'), defaultMessage: 'Clear' })}
        >
          {(filter.options ?? []).map((option) => (
            <SingleSelectOption key={option.value} value={option.value}>
              {option.label}
            </SingleSelectOption>
          ))}
        </SingleSelect>
      </Field.Root>
    </Box>
  );
};

/** Free text, applied on Enter or when the field loses focus (not at every key). */
const TextFilter = ({ filter, values, onChange }: FilterFieldProps) => {
  const current = shownValue(filter, values, filter.id);
  const [draft, setDraft] = React.useState(current);
  React.useEffect(() => setDraft(current), [current]);
  const apply = () => {
    if (draft.trim() !== current) onChange({ ...values, [filter.id]: draft.trim() });
  };
  return (
    <Box style={{ minWidth: '14rem' }} data-filter-id={filter.id} data-filter-type="text">
      <form
        onSubmit={(event) => {
          event.preventDefault();
          apply();
        }}
      >
        <Field.Root name={filter.id}>
          <Field.Label>{filter.label}</Field.Label>
          <TextInput
            size="S"
            value={draft}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) => setDraft(event.target.value)}
            onBlur={apply}
          />
        </Field.Root>
      </form>
    </Box>
  );
};

/** The dashboard's filters above the grid; changing one runs the tiles again with its value. */
export const FiltersBar = ({ filters, values, onChange }: FiltersBarProps) => {
  const { formatMessage } = useIntl();
  const definitions = React.useMemo(() => filterDefinitions(filters), [filters]);
  if (definitions.length === 0) return null;
  return (
    <Box
      role="group"
      aria-label={formatMessage({ id: getTranslationId('filters.label'), defaultMessage: 'Filters' })}
      data-testid="filters-bar"
      paddingBottom={4}
    >
      <Flex gap={4} wrap="wrap" alignItems="flex-end">
        {definitions.map((filter) => {
          const props = { filter, values, onChange };
          switch (filter.type) {
            case 'date_range':
              return <DateRangeFilter key={filter.id} {...props} />;
            case 'values':
              return <ValuesFilter key={filter.id} {...props} />;
            case 'text':
              return <TextFilter key={filter.id} {...props} />;
          }
        })}
      </Flex>
    </Box>
  );
};
