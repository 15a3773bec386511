import {
  Checkbox,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { TileType } from '../../../../contracts/dashboards';
import { configFieldsFor, type ConfigField } from '../../utils/tileConfig';
import type { FilterDefinition } from '../filters/presets';
import { ClickFilterField } from './ClickFilterField';
import { getTranslationId } from '../../utils/translations';

/** The label of each chart_config key, by the key's name in the API. */
const LABELS: Record<string, string> = {
  xField: 'X axis column',
  yField: 'Y axis column',
  seriesField: 'Series column',
  sizeField: 'Size column',
  nameField: 'Name column',
  valueField: 'Value column',
  categoryField: 'Category column',
  sourceField: 'Source column',
  targetField: 'Target column',
  locationField: 'Location column',
  latField: 'Latitude column',
  lngField: 'Longitude column',
  sort_by: 'Sort by column',
  stacked: 'Stacked',
  horizontal: 'Horizontal bars',
  smooth: 'Smooth lines',
  showLegend: 'Show the legend',
  zebra: 'Striped rows',
  compact: 'Compact rows',
  min: 'Minimum',
  max: 'Maximum',
  decimals: 'Decimals',
  compareValue: 'Compare with the value',
  compareLabel: 'Comparison label',
  prefix: 'Prefix',
  suffix: 'Suffix',
  format: 'Format',
  pageSize: 'Rows per page',
  sort_order: 'Sort order',
  content: 'Text (markdown)',
  xTitle: 'X axis label',
  yTitle: 'Y axis label',
  text_align: 'Alignment',
};

interface ChartConfigFieldsProps {
  tileType: TileType;
  chartType: string | null;
  config: Record<string, unknown>;
  /** The columns of the last preview: the column fields offer them. */
  columns: string[];
  /** The dashboard's filters (a click on the tile may set one). */
  filters: FilterDefinition[];
  onChange: (key: string, value: unknown) => void;
}

/** The chart_config of a tile's type (and chart type) as a form. */
export const ChartConfigFields = ({
  tileType,
  chartType,
  config,
  columns,
  filters,
  onChange,
}: ChartConfigFieldsProps) => {
  const { formatMessage } = useIntl();
  const label = (key: string) =>
    formatMessage({ id: getTranslationId(`tileEditor.config.${key}`), defaultMessage: LABELS[key] ?? key });
  const automatic = formatMessage({
    id: getTranslationId('tileEditor.config.automatic'),
    defaultMessage: 'Automatic',
  });
  const fields = configFieldsFor(tileType, chartType);

  const input = (field: ConfigField) => {
    const value = config[field.key];
    switch (field.kind) {
      case 'boolean':
        return (
          <Checkbox
            key={field.key}
            name={field.key}
            checked={value === true}
            onCheckedChange={(checked) => onChange(field.key, checked === true ? true : undefined)}
          >
            {label(field.key)}
          </Checkbox>
        );
      case 'number':
        return (
          <Field.Root key={field.key} name={field.key}>
            <Field.Label>{label(field.key)}</Field.Label>
            <NumberInput
              value={typeof value === 'number' ? value : undefined}
              onValueChange={(next) => onChange(field.key, next)}
            />
          </Field.Root>
        );
      case 'select':
      case 'column': {
        const options = field.kind === 'select' ? (field.options ?? []) : columns;
        if (field.kind === 'column' && options.length === 0) {
          return (
            <Field.Root key={field.key} name={field.key} hint={automatic}>
              <Field.Label>{label(field.key)}</Field.Label>
              <TextInput
                value={typeof value === 'string' ? value : ''}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  onChange(field.key, event.target.value)
                }
              />
              <Field.Hint />
            </Field.Root>
          );
        }
        const current = typeof value === 'string' ? value : '';
        return (
          <Field.Root key={field.key} name={field.key}>
            <Field.Label>{label(field.key)}</Field.Label>
            <SingleSelect value={current} onChange={(next) => onChange(field.key, String(next) || undefined)}>
              <SingleSelectOption value="">{automatic}</SingleSelectOption>
              {[...new Set(current && !options.includes(current) ? [...options, current] : options)].map(
                (option) => (
                  <SingleSelectOption key={option} value={option}>
                    {option}
                  </SingleSelectOption>
                )
              )}
            </SingleSelect>
          </Field.Root>
        );
      }
      case 'textarea':
        return (
          <Field.Root key={field.key} name={field.key}>
            <Field.Label>{label(field.key)}</Field.Label>
            <Textarea
              value={typeof value === 'string' ? value : ''}
              onChange={(event) => onChange(field.key, event.target.value)}
            />
          </Field.Root>
        );
      default:
        return (
          <Field.Root key={field.key} name={field.key}>
            <Field.Label>{label(field.key)}</Field.Label>
            <TextInput
              value={typeof value === 'string' ? value : ''}
              placeholder={field.key === 'xTitle' || field.key === 'yTitle' ? automatic : undefined}
              // emptied, a setting is back to its default (for a title: the column's name)
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                onChange(field.key, event.target.value || undefined)
              }
            />
          </Field.Root>
        );
    }
  };

  if (fields.length === 0) return null;
  const wide = fields.filter((field) => field.kind === 'textarea');
  const others = fields.filter((field) => field.kind !== 'textarea' && field.kind !== 'clickFilter');
  const click = fields.some((field) => field.kind === 'clickFilter');
  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="tile-editor-config">
      {wide.map(input)}
      {click && (
        <ClickFilterField
          value={config.click_filter}
          filters={filters}
          columns={columns}
          onChange={(value) => onChange('click_filter', value)}
        />
      )}
      <Grid.Root gap={4}>
        {others.map((field) => (
          <Grid.Item key={field.key} col={6} s={12} direction="column" alignItems="stretch">
            {input(field)}
          </Grid.Item>
        ))}
      </Grid.Root>
    </Flex>
  );
};
