import * as React from 'react';

import { Box, Button, Field, Flex, Grid, IconButton, TextInput, Typography } from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';

import type { ContentTypeListing } from '../../../../contracts/query';
import { DEFAULT_BUCKET_UNIT, type ContentFilterRow, type TileForm } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';
import { Choice } from './Choice';

const NUMERIC = new Set(['integer', 'biginteger', 'decimal', 'float']);
const DATES = new Set(['date', 'datetime', 'timestamp']);
const OPERATORS: ContentFilterRow['operator'][] = [
  '$eq',
  '$ne',
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$contains',
  '$in',
];

interface ContentSourceFieldsProps {
  form: TileForm;
  onChange: (update: (form: TileForm) => TileForm) => void;
  contentTypes: ContentTypeListing[];
}

/** The content-type builder (no SQL): the content type, the measure, grouping, date buckets, sort, limit and filters. */
export const ContentSourceFields = ({ form, onChange, contentTypes }: ContentSourceFieldsProps) => {
  const t = useT();
  const none = t('tileEditor.none', 'None');
  const content = form.content;
  const setContent = (patch: Partial<TileForm['content']>) =>
    onChange((current) => ({ ...current, content: { ...current.content, ...patch } }));
  const type = contentTypes.find((candidate) => candidate.uid === content.uid);
  const fields = type?.fields ?? [];
  const options = (filter: (field: ContentTypeListing['fields'][number]) => boolean) =>
    fields.filter(filter).map((field) => ({ value: field.name, label: field.name }));
  const plain = options((field) => field.type !== 'relation');
  const groupable = [
    ...plain,
    ...fields
      .filter((field) => field.type === 'relation' && field.target)
      .flatMap((field) =>
        (contentTypes.find((candidate) => candidate.uid === field.target)?.fields ?? [])
          .filter((other) => other.type !== 'relation')
          .map((other) => ({ value: `${field.name}.${other.name}`, label: `${field.name}.${other.name}` }))
      ),
  ];
  const setFilter = (index: number, patch: Partial<ContentFilterRow>) =>
    setContent({ filters: content.filters.map((row, at) => (at === index ? { ...row, ...patch } : row)) });

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Choice
            name="uid"
            label={t('tileEditor.content.type', 'Content type')}
            value={content.uid}
            options={contentTypes.map((candidate) => ({ value: candidate.uid, label: candidate.name }))}
            onChange={(value) =>
              setContent({ uid: value, field: '', group_by: '', bucket_field: '', filters: [] })
            }
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Choice
            name="measure"
            label={t('tileEditor.content.measure', 'Measure')}
            value={content.fn}
            options={['count', 'sum', 'avg', 'min', 'max'].map((fn) => ({ value: fn, label: fn }))}
            onChange={(value) => setContent({ fn: value as TileForm['content']['fn'] })}
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          {content.fn !== 'count' && (
            <Choice
              name="measure_field"
              label={t('tileEditor.content.field', 'Of the field')}
              value={content.field}
              options={options((field) => NUMERIC.has(field.type) || DATES.has(field.type))}
              onChange={(value) => setContent({ field: value })}
            />
          )}
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Choice
            name="group_by"
            label={t('tileEditor.content.groupBy', 'Group by')}
            value={content.group_by}
            empty={none}
            options={groupable}
            onChange={(value) => setContent({ group_by: value })}
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Choice
            name="bucket_field"
            label={t('tileEditor.content.bucketField', 'Date bucket')}
            value={content.bucket_field}
            empty={none}
            options={options((field) => DATES.has(field.type))}
            onChange={(value) =>
              setContent({
                bucket_field: value,
                bucket_unit: value ? content.bucket_unit || DEFAULT_BUCKET_UNIT : '',
              })
            }
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          {/* a date bucket always has a unit (a month unless another is picked); no bucket, no unit */}
          {content.bucket_field && (
            <Choice
              name="bucket_unit"
              label={t('tileEditor.content.bucketUnit', 'Per')}
              value={content.bucket_unit || DEFAULT_BUCKET_UNIT}
              options={['day', 'week', 'month', 'quarter', 'year'].map((unit) => ({
                value: unit,
                label: unit,
              }))}
              onChange={(value) => setContent({ bucket_unit: value as TileForm['content']['bucket_unit'] })}
            />
          )}
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Choice
            name="sort"
            label={t('tileEditor.content.sort', 'Sort')}
            value={content.sort}
            empty={none}
            options={['asc', 'desc'].map((sort) => ({ value: sort, label: sort }))}
            onChange={(value) => setContent({ sort: value as TileForm['content']['sort'] })}
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Field.Root name="limit">
            <Field.Label>{t('tileEditor.content.limit', 'Limit')}</Field.Label>
            <TextInput
              inputMode="numeric"
              value={content.limit}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                setContent({ limit: event.target.value })
              }
            />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
      <Typography variant="sigma" textColor="neutral600">
        {t('tileEditor.content.filters', 'Filters')}
      </Typography>
      {content.filters.map((row, index) => (
        <Flex key={index} gap={2} alignItems="flex-end">
          <Box flex="2">
            <Choice
              name={`filter_field_${index}`}
              label={t('tileEditor.content.filterField', 'Field')}
              value={row.field}
              options={groupable}
              onChange={(value) => setFilter(index, { field: value })}
            />
          </Box>
          <Box flex="1">
            <Choice
              name={`filter_operator_${index}`}
              label={t('tileEditor.content.filterOperator', 'Operator')}
              value={row.operator}
              options={OPERATORS.map((operator) => ({ value: operator, label: operator }))}
              onChange={(value) => setFilter(index, { operator: value as ContentFilterRow['operator'] })}
            />
          </Box>
          <Box flex="2">
            <Field.Root name={`filter_value_${index}`}>
              <Field.Label>{t('tileEditor.content.filterValue', 'Value')}</Field.Label>
              <TextInput
                value={row.value}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  setFilter(index, { value: event.target.value })
                }
              />
            </Field.Root>
          </Box>
          <IconButton
            label={t('tileEditor.content.removeFilter', 'Remove the filter')}
            variant="ghost"
            onClick={() => setContent({ filters: content.filters.filter((_, at) => at !== index) })}
          >
            <Trash />
          </IconButton>
        </Flex>
      ))}
      <Box>
        <Button
          variant="tertiary"
          startIcon={<Plus />}
          disabled={!type}
          onClick={() =>
            setContent({ filters: [...content.filters, { field: '', operator: '$eq', value: '' }] })
          }
        >
          {t('tileEditor.content.addFilter', 'Add a filter')}
        </Button>
      </Box>
    </Flex>
  );
};
