import * as React from 'react';

import {
  Alert,
  Box,
  Button,
  Field,
  Flex,
  Grid,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { Plus, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { styled } from 'styled-components';

import { ANALYTICS_ENDPOINTS } from '../../../../contracts/dashboards';
import type {
  ContentTypeListing,
  DatasourceListing,
  SqlAccessProblem,
  TableListing,
} from '../../../../contracts/query';
import { sourceOf, type ContentFilterRow, type TileForm } from '../../utils/tileConfig';
import { getTranslationId, useT } from '../../utils/translations';
import { datasourceOfSource, datasourceOptionLabel, sqlNotice, type Translate } from './sqlAccess';

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

interface SourceFieldsProps {
  form: TileForm;
  onChange: (update: (form: TileForm) => TileForm) => void;
  datasources: DatasourceListing[];
  tables: TableListing[];
  contentTypes: ContentTypeListing[];
}

/** A select of string options with an empty choice. */
const Choice = ({
  name,
  label,
  value,
  options,
  onChange,
  empty,
}: {
  name: string;
  label: string;
  value: string;
  options: { value: string; label: string }[];
  onChange: (value: string) => void;
  empty?: string;
}) => (
  <Field.Root name={name}>
    <Field.Label>{label}</Field.Label>
    <SingleSelect value={value} onChange={(next) => onChange(String(next))}>
      {empty !== undefined && <SingleSelectOption value="">{empty}</SingleSelectOption>}
      {options.map((option) => (
        <SingleSelectOption key={option.value} value={option.value}>
          {option.label}
        </SingleSelectOption>
      ))}
    </SingleSelect>
  </Field.Root>
);

/** The design system's Alert always draws a close button: this one stays while its cause does. */
const LastingAlert = styled(Alert)`
  & > button {
    display: none;
  }
`;

/** Why SQL is off on the chosen datasource, with each statement an administrator can copy to fix it. */
const SqlOffAlert = ({ problems, t }: { problems: SqlAccessProblem[]; t: Translate }) => {
  const title = t('tileEditor.sql.off.title', 'SQL is off on this datasource');
  return (
    <LastingAlert
      variant="danger"
      title={title}
      closeLabel={title}
      data-testid="tile-editor-sql-off"
      action={
        <Flex
          tag="ul"
          direction="column"
          alignItems="stretch"
          gap={3}
          width="100%"
          style={{ listStyle: 'none', margin: 0, padding: 0 }}
        >
          {problems.map((problem, index) => (
            <Flex key={index} tag="li" direction="column" alignItems="stretch" gap={1}>
              <Typography variant="omega" textColor="neutral800">
                {problem.message}
              </Typography>
              {problem.fix && (
                <Box background="neutral0" borderColor="neutral200" padding={2} hasRadius>
                  <Typography
                    tag="pre"
                    variant="pi"
                    textColor="neutral800"
                    data-testid="tile-editor-sql-fix"
                    style={{
                      margin: 0,
                      fontFamily: 'monospace',
                      whiteSpace: 'pre-wrap',
                      overflowWrap: 'anywhere',
                      userSelect: 'all',
                    }}
                  >
                    {problem.fix}
                  </Typography>
                </Box>
              )}
            </Flex>
          ))}
        </Flex>
      }
    >
      {t(
        'tileEditor.sql.off.body',
        'Its database reader has more rights than tiles may use. An administrator can fix it with:'
      )}
    </LastingAlert>
  );
};

/** The source of the form's kind: SQL with table hints, the content-type builder, or a CRM analytics endpoint. */
export const SourceFields = ({ form, onChange, datasources, tables, contentTypes }: SourceFieldsProps) => {
  const { formatMessage } = useIntl();
  const t = useT();
  const none = t('tileEditor.none', 'None');

  if (form.source_kind === 'sql') {
    const setSql = (patch: Partial<TileForm['sql']>) =>
      onChange((current) => ({ ...current, sql: { ...current.sql, ...patch } }));
    const notice = sqlNotice(datasourceOfSource(sourceOf(form), datasources), t);
    return (
      <Flex direction="column" alignItems="stretch" gap={4}>
        {datasources.length > 1 && (
          <Choice
            name="datasource_id"
            label={t('tileEditor.sql.datasource', 'Datasource')}
            value={form.sql.datasource_id}
            options={datasources.map((source) => ({
              value: source.id,
              label: datasourceOptionLabel(source, t),
            }))}
            onChange={(value) => setSql({ datasource_id: value })}
          />
        )}
        {notice.kind === 'off' && <SqlOffAlert problems={notice.problems} t={t} />}
        {notice.kind === 'reader' && (
          <Typography variant="pi" textColor="neutral600" data-testid="tile-editor-sql-reader">
            {formatMessage(
              { id: getTranslationId('tileEditor.sql.reader'), defaultMessage: 'Runs as reader {reader}' },
              { reader: <code key="reader">{notice.reader}</code> }
            )}
          </Typography>
        )}
        <Field.Root
          name="query"
          required
          hint={t(
            'tileEditor.sql.hint',
            'A read-only SELECT. Write {placeholder} for the value of a dashboard filter.',
            { placeholder: '{{name}}' }
          )}
        >
          <Field.Label>{t('tileEditor.sql.query', 'SQL query')}</Field.Label>
          <Textarea
            value={form.sql.query}
            onChange={(event) => setSql({ query: event.target.value })}
            style={{ fontFamily: 'monospace' }}
          />
          <Field.Hint />
        </Field.Root>
        {tables.length > 0 && (
          <Box
            background="neutral100"
            padding={3}
            hasRadius
            style={{ maxHeight: '10rem', overflow: 'auto' }}
            data-testid="tile-editor-tables"
          >
            <Typography variant="sigma" textColor="neutral600">
              {t('tileEditor.sql.tables', 'Tables and columns')}
            </Typography>
            {tables.map((table) => (
              <Typography key={`${table.schema}.${table.name}`} tag="p" variant="pi" textColor="neutral700">
                <strong>{table.schema ? `${table.schema}.${table.name}` : table.name}</strong>
                {`: ${table.columns.map((column) => `${column.name} (${column.type})`).join(', ')}`}
              </Typography>
            ))}
          </Box>
        )}
      </Flex>
    );
  }

  if (form.source_kind === 'analytics') {
    const setAnalytics = (patch: Partial<TileForm['analytics']>) =>
      onChange((current) => ({ ...current, analytics: { ...current.analytics, ...patch } }));
    return (
      <Grid.Root gap={4}>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Choice
            name="endpoint"
            label={t('tileEditor.analytics.endpoint', 'Analytics endpoint')}
            value={form.analytics.endpoint}
            options={ANALYTICS_ENDPOINTS.map((endpoint) => ({ value: endpoint, label: endpoint }))}
            onChange={(value) => setAnalytics({ endpoint: value as TileForm['analytics']['endpoint'] })}
          />
        </Grid.Item>
        <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
          <Field.Root
            name="analytics_params"
            hint={t('tileEditor.analytics.paramsHint', 'As a query string, e.g. period=month&limit=5')}
          >
            <Field.Label>{t('tileEditor.analytics.params', 'Parameters')}</Field.Label>
            <TextInput
              value={form.analytics.params}
              onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                setAnalytics({ params: event.target.value })
              }
            />
            <Field.Hint />
          </Field.Root>
        </Grid.Item>
      </Grid.Root>
    );
  }

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
            onChange={(value) => setContent({ bucket_field: value })}
          />
        </Grid.Item>
        <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
          <Choice
            name="bucket_unit"
            label={t('tileEditor.content.bucketUnit', 'Per')}
            value={content.bucket_unit}
            empty={none}
            options={['day', 'week', 'month', 'quarter', 'year'].map((unit) => ({
              value: unit,
              label: unit,
            }))}
            onChange={(value) => setContent({ bucket_unit: value as TileForm['content']['bucket_unit'] })}
          />
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
