import { Field, Flex, SingleSelect, SingleSelectOption, TextInput, Typography } from '@strapi/design-system';

import { clickFilterOf } from '../../../../contracts/tile-shape';
import { useT } from '../../utils/translations';
import type { FilterDefinition } from '../filters/presets';

interface ClickFilterFieldProps {
  value: unknown;
  /** The dashboard's filters a click can set: those with one value (a list of values, a text). */
  filters: FilterDefinition[];
  /** The columns of the last preview. */
  columns: string[];
  onChange: (value: { filter: string; field: string } | undefined) => void;
}

/** "Clicking sets filter X from column Y" (chart_config.click_filter): both chosen, or neither. */
export const ClickFilterField = ({ value, filters, columns, onChange }: ClickFilterFieldProps) => {
  const t = useT();
  const current = clickFilterOf({ click_filter: value }) ?? { filter: '', field: '' };
  const settable = filters.filter((filter) => filter.type !== 'date_range');
  const set = (changes: Partial<{ filter: string; field: string }>) => {
    const next = { ...current, ...changes };
    onChange(next.filter ? { filter: next.filter, field: next.field || columns[0] || '' } : undefined);
  };
  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="tile-editor-click-filter">
      <Typography variant="sigma" textColor="neutral600">
        {t('tileEditor.clickFilter', 'Click to filter')}
      </Typography>
      {settable.length === 0 ? (
        <Typography variant="pi" textColor="neutral600">
          {t(
            'tileEditor.clickFilter.none',
            'Add a filter with a list of values or a text to the dashboard (Settings) to filter by clicking this tile.'
          )}
        </Typography>
      ) : (
        <Flex gap={4} alignItems="flex-end">
          <Field.Root name="click_filter_filter" style={{ flex: 1 }}>
            <Field.Label>{t('tileEditor.clickFilter.filter', 'Clicking sets the filter')}</Field.Label>
            <SingleSelect value={current.filter} onChange={(next) => set({ filter: String(next) })}>
              <SingleSelectOption value="">{t('tileEditor.clickFilter.off', 'None')}</SingleSelectOption>
              {settable.map((filter) => (
                <SingleSelectOption key={filter.id} value={filter.id}>
                  {filter.label}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Field.Root name="click_filter_field" style={{ flex: 1 }}>
            <Field.Label>{t('tileEditor.clickFilter.field', 'from the column')}</Field.Label>
            {columns.length === 0 ? (
              <TextInput
                disabled={!current.filter}
                value={current.field}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ field: event.target.value })}
              />
            ) : (
              <SingleSelect
                disabled={!current.filter}
                value={current.field}
                onChange={(next) => set({ field: String(next) })}
              >
                {[...new Set(current.field ? [...columns, current.field] : columns)].map((column) => (
                  <SingleSelectOption key={column} value={column}>
                    {column}
                  </SingleSelectOption>
                ))}
              </SingleSelect>
            )}
          </Field.Root>
        </Flex>
      )}
    </Flex>
  );
};
