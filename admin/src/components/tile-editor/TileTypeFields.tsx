import { Field, Grid, SingleSelect, SingleSelectOption, TextInput } from '@strapi/design-system';

import { CHART_TYPES, MAP_TYPES, TILE_TYPES, type TileType } from '../../../../contracts/dashboards';
import { chartTypeFor, type TileForm } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';

const TILE_TYPE_LABELS: Record<TileType, string> = {
  chart: 'Chart',
  kpi: 'KPI',
  metric: 'Metric',
  table: 'Table',
  text: 'Text',
  map: 'Map',
};
interface TileTypeFieldsProps {
  form: TileForm;
  update: (change: (current: TileForm) => TileForm) => void;
  /** The title's error (a missing title), shown under it. */
  titleError: string | undefined;
}

/** The tile editor's first row: the title, the tile type and the chart (or map) type. */
export const TileTypeFields = ({ form, update, titleError }: TileTypeFieldsProps) => {
  const t = useT();
  const chartChoices = form.tile_type === 'chart' ? CHART_TYPES : form.tile_type === 'map' ? MAP_TYPES : [];
  // a map's kind is its chart_type, as a chart's is: the one select for both
  const chartValue = chartTypeFor(form.tile_type, form.chart_type);

  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Field.Root name="title" required error={titleError}>
          <Field.Label>{t('tileEditor.field.title', 'Title')}</Field.Label>
          <TextInput
            value={form.title}
            maxLength={255}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              update((current) => ({ ...current, title: event.target.value }))
            }
          />
          <Field.Error />
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        <Field.Root name="tile_type">
          <Field.Label>{t('tileEditor.field.tileType', 'Tile type')}</Field.Label>
          <SingleSelect
            value={form.tile_type}
            onChange={(value) =>
              update((current) => ({
                ...current,
                tile_type: value as TileType,
                chart_type: chartTypeFor(value as TileType, current.chart_type),
              }))
            }
          >
            {TILE_TYPES.map((type) => (
              <SingleSelectOption key={type} value={type}>
                {t(`tileEditor.tileType.${type}`, TILE_TYPE_LABELS[type])}
              </SingleSelectOption>
            ))}
          </SingleSelect>
        </Field.Root>
      </Grid.Item>
      <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
        {chartChoices.length > 0 && (
          <Field.Root name="chart_type">
            <Field.Label>
              {form.tile_type === 'map'
                ? t('tileEditor.field.mapType', 'Map type')
                : t('tileEditor.field.chartType', 'Chart type')}
            </Field.Label>
            <SingleSelect
              value={chartValue}
              onChange={(value) => update((current) => ({ ...current, chart_type: String(value) }))}
            >
              {chartChoices.map((type) => (
                <SingleSelectOption key={type} value={type}>
                  {type}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
        )}
      </Grid.Item>
    </Grid.Root>
  );
};
