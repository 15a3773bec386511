import * as React from 'react';

import {
  Box,
  Button,
  Dialog,
  Field,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { ArrowDown, ArrowUp, Download, Plus, Trash, WarningCircle } from '@strapi/icons';
import { useRBAC } from '@strapi/strapi/admin';

import type { Dashboard, Tile } from '../../../../contracts/dashboards';
import type { ContentTypeListing } from '../../../../contracts/query';
import { useContentTypesQuery, useDatasourcesQuery, usePreviewTileMutation } from '../../api/dashboardsApi';
import { PERMISSIONS } from '../../permissions';
import { serverErrorMessage } from '../../utils/serverError';
import { useT, type Translate } from '../../utils/translations';
import { DATE_PRESETS, paramNamesOf, PRESET_LABELS, type FilterType } from '../filters/presets';
import { datasourceOptionLabel } from '../tile-editor/sqlAccess';
import { queryRefusal } from '../tile-editor/TilePreview';
import { firstColumnValues, optionsPreviewBody, type OptionsSource } from './optionValues';
import {
  ANALYTICS_PARAMS,
  bindingKindOf,
  bindingOf,
  idFromLabel,
  parseOptions,
  tilesUsing,
  type FilterDraft,
} from './settingsForm';

interface FilterEditorProps {
  dashboard: Dashboard;
  filters: FilterDraft[];
  onChange: (filters: FilterDraft[]) => void;
}

const TYPE_LABELS: Record<FilterType, string> = {
  date_range: 'Date range',
  values: 'Value list',
  text: 'Text',
};

/** The fields of a content type a filter of `type` may be compared with. */
const DATE_FIELDS = new Set(['date', 'datetime', 'timestamp']);
const TEXT_FIELDS = new Set(['string', 'text', 'email', 'uid', 'enumeration', 'richtext']);
const VALUE_FIELDS = new Set([
  'string',
  'email',
  'uid',
  'enumeration',
  'integer',
  'biginteger',
  'decimal',
  'float',
  'boolean',
]);
const fieldsFor = (type: FilterType, listing: ContentTypeListing | undefined) =>
  (listing?.fields ?? [])
    .filter((field) =>
      (type === 'date_range' ? DATE_FIELDS : type === 'text' ? TEXT_FIELDS : VALUE_FIELDS).has(field.type)
    )
    .map((field) => field.name);

let created = 0;
const newFilter = (): FilterDraft => ({
  key: `new-${(created += 1)}`,
  id: '',
  saved: false,
  label: '',
  type: 'date_range',
  options: '',
  default: '',
  bindings: {},
});

/**
 * A value list's options loaded once: a content-type field's distinct values, or the first column of
 * a SQL query (with the SQL permission), both run through the preview route as an unsaved table tile.
 */
const LoadOptions = ({
  dashboardId,
  contentTypes,
  onLoaded,
}: {
  dashboardId: string;
  contentTypes: ContentTypeListing[];
  onLoaded: (values: string[]) => void;
}) => {
  const t = useT();
  const [preview] = usePreviewTileMutation();
  const canUseSql = Boolean(useRBAC(PERMISSIONS.sqlExecute).allowedActions.canExecute);
  const { data: datasources = [] } = useDatasourcesQuery(undefined, { skip: !canUseSql });
  const [from, setFrom] = React.useState<OptionsSource['kind']>('content-type');
  const [uid, setUid] = React.useState('');
  const [field, setField] = React.useState('');
  const [datasourceId, setDatasourceId] = React.useState('');
  const [query, setQuery] = React.useState('');
  const [state, setState] = React.useState<
    { status: 'idle' } | { status: 'loading' } | { status: 'error'; message: string }
  >({ status: 'idle' });
  const fields = fieldsFor(
    'values',
    contentTypes.find((type) => type.uid === uid)
  );
  const datasource = datasourceId || datasources[0]?.id || 'strapi';
  const source: OptionsSource | null =
    from === 'sql'
      ? query.trim()
        ? { kind: 'sql', datasource_id: datasource, query }
        : null
      : uid && field
        ? { kind: 'content-type', uid, field }
        : null;

  const failed = (message?: string | null) =>
    setState({
      status: 'error',
      message: message || t('settings.filter.optionsLoad.error', 'The values could not be loaded.'),
    });
  const load = async () => {
    if (!source) return;
    setState({ status: 'loading' });
    try {
      const answer = await preview({ id: dashboardId, body: optionsPreviewBody(source) }).unwrap();
      if (!answer.data) return failed(answer.error);
      const values = firstColumnValues(answer.data);
      if (values.length === 0)
        return failed(t('settings.filter.optionsLoad.none', 'The first column holds no values.'));
      onLoaded(values);
      setState({ status: 'idle' });
    } catch (failure) {
      failed(queryRefusal(failure) ?? serverErrorMessage(failure));
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={2} data-testid="settings-filter-options-load">
      <Flex gap={2} alignItems="flex-end" wrap="wrap">
        {canUseSql && (
          <Box style={{ width: '26rem' }}>
            <Field.Root name="options_from">
              <Field.Label>{t('settings.filter.optionsSource', 'Load the values from')}</Field.Label>
              <SingleSelect
                size="S"
                value={from}
                onChange={(value) => {
                  setFrom(value === 'sql' ? 'sql' : 'content-type');
                  setState({ status: 'idle' });
                }}
              >
                <SingleSelectOption value="content-type">
                  {t('settings.filter.optionsSource.contentType', 'A content-type field')}
                </SingleSelectOption>
                <SingleSelectOption value="sql">
                  {t('settings.filter.optionsSource.sql', 'A SQL query')}
                </SingleSelectOption>
              </SingleSelect>
            </Field.Root>
          </Box>
        )}
        {from === 'content-type' ? (
          <>
            <Box style={{ width: '24rem' }}>
              <Field.Root name="options_content_type">
                <Field.Label>{t('settings.filter.optionsFrom', 'Values of the content type')}</Field.Label>
                <SingleSelect
                  size="S"
                  value={uid || undefined}
                  placeholder={t('settings.filter.optionsFrom.placeholder', 'Choose')}
                  onChange={(value) => {
                    setUid(String(value));
                    setField('');
                  }}
                >
                  {contentTypes.map((type) => (
                    <SingleSelectOption key={type.uid} value={type.uid}>
                      {type.name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
            <Box style={{ width: '20rem' }}>
              <Field.Root name="options_field">
                <Field.Label>{t('settings.filter.optionsField', 'Field')}</Field.Label>
                <SingleSelect
                  size="S"
                  value={field || undefined}
                  disabled={!uid}
                  onChange={(value) => setField(String(value))}
                >
                  {fields.map((name) => (
                    <SingleSelectOption key={name} value={name}>
                      {name}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
          </>
        ) : (
          datasources.length > 1 && (
            <Box style={{ width: '26rem' }}>
              <Field.Root name="options_datasource">
                <Field.Label>{t('tileEditor.sql.datasource', 'Datasource')}</Field.Label>
                <SingleSelect
                  size="S"
                  value={datasource}
                  onChange={(value) => setDatasourceId(String(value))}
                >
                  {datasources.map((listed) => (
                    <SingleSelectOption key={listed.id} value={listed.id}>
                      {datasourceOptionLabel(listed, t)}
                    </SingleSelectOption>
                  ))}
                </SingleSelect>
              </Field.Root>
            </Box>
          )
        )}
      </Flex>
      {from === 'sql' && (
        <Field.Root
          name="options_query"
          hint={t(
            'settings.filter.optionsQuery.hint',
            'A read-only SELECT: its first column’s distinct values become the options.'
          )}
        >
          <Field.Label>{t('settings.filter.optionsQuery', 'SQL query')}</Field.Label>
          <Textarea
            value={query}
            style={{ fontFamily: 'monospace' }}
            onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
              setQuery(event.target.value);
              setState({ status: 'idle' });
            }}
          />
          <Field.Hint />
        </Field.Root>
      )}
      <Flex gap={2} alignItems="center" wrap="wrap">
        <Button
          variant="secondary"
          size="S"
          startIcon={<Download />}
          disabled={!source}
          loading={state.status === 'loading'}
          onClick={() => void load()}
        >
          {t('settings.filter.optionsLoad', 'Load the values')}
        </Button>
        {state.status === 'error' && (
          <Typography
            variant="pi"
            textColor="danger600"
            role="alert"
            data-testid="settings-filter-options-error"
          >
            {state.message}
          </Typography>
        )}
      </Flex>
    </Flex>
  );
};

interface BindingFieldProps {
  tile: Tile;
  filter: FilterDraft;
  contentTypes: ContentTypeListing[];
  onChange: (binding: string) => void;
  t: Translate;
}

/** Whether, and through which field or parameter, the filter reaches one tile. */
const BindingField = ({ tile, filter, contentTypes, onChange, t }: BindingFieldProps) => {
  const kind = bindingKindOf(tile);
  const value = filter.bindings[tile.id] ?? '';
  const placeholders = paramNamesOf({ id: filter.id || 'x', type: filter.type })
    .map((name) => `{{${name}}}`)
    .join(', ');
  if (kind === 'sql' || kind === 'none') {
    const used = kind === 'sql' && filter.id !== '' && bindingOf(tile, filter) === 'sql';
    return (
      <Typography variant="pi" textColor="neutral600" data-binding-tile={tile.title}>
        {kind === 'none'
          ? t('settings.filter.binding.none', 'This tile has no data source.')
          : used
            ? t('settings.filter.binding.sqlUsed', 'Its SQL query uses {placeholders}.', { placeholders })
            : t('settings.filter.binding.sql', 'Write {placeholders} in its SQL query to use the filter.', {
                placeholders,
              })}
      </Typography>
    );
  }
  const choices =
    kind === 'analytics'
      ? filter.type === 'date_range'
        ? [{ value: 'from', label: t('settings.filter.binding.period', 'from and to') }]
        : ANALYTICS_PARAMS.map((name) => ({ value: name, label: name }))
      : fieldsFor(
          filter.type,
          contentTypes.find((type) => tile.source.kind === 'content-type' && type.uid === tile.source.uid)
        ).map((name) => ({ value: name, label: name }));
  return (
    <Field.Root name={`binding_${tile.id}`} style={{ width: '26rem' }}>
      <Field.Label>{tile.title}</Field.Label>
      <SingleSelect
        size="S"
        value={value || 'off'}
        onChange={(choice) => onChange(choice === 'off' ? '' : String(choice))}
      >
        <SingleSelectOption value="off">{t('settings.filter.binding.off', 'Not applied')}</SingleSelectOption>
        {choices.map((choice) => (
          <SingleSelectOption key={choice.value} value={choice.value}>
            {kind === 'analytics'
              ? t('settings.filter.binding.param', 'Parameter {name}', { name: choice.label })
              : t('settings.filter.binding.field', 'Field {name}', { name: choice.label })}
          </SingleSelectOption>
        ))}
      </SingleSelect>
    </Field.Root>
  );
};

/**
 * The dashboard's filters: each one's label, parameter name, type, options and default, and the
 * tiles it reaches (a content-type field or an analytics parameter; SQL tiles name it in their
 * query); filters can be added, removed and reordered.
 */
export const FilterEditor = ({ dashboard, filters, onChange }: FilterEditorProps) => {
  const t = useT();
  const { data: contentTypes = [] } = useContentTypesQuery();

  const change = (key: string, patch: Partial<FilterDraft>) =>
    onChange(filters.map((filter) => (filter.key === key ? { ...filter, ...patch } : filter)));
  const move = (index: number, by: -1 | 1) => {
    const next = [...filters];
    [next[index], next[index + by]] = [next[index + by], next[index]];
    onChange(next);
  };
  const remove = (key: string) => onChange(filters.filter((other) => other.key !== key));
  /** A filter that tiles use, waiting for "Remove" in the question that names them. */
  const [removing, setRemoving] = React.useState<{ filter: FilterDraft; tiles: Tile[] } | null>(null);
  const askToRemove = (filter: FilterDraft) => {
    const tiles = tilesUsing(dashboard.tiles, filter);
    if (tiles.length === 0) remove(filter.key);
    else setRemoving({ filter, tiles });
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4} data-testid="filter-editor">
      {filters.length === 0 && (
        <Typography variant="omega" textColor="neutral600">
          {t('settings.filter.empty', 'This dashboard has no filters yet.')}
        </Typography>
      )}
      {filters.map((filter, index) => {
        const options = parseOptions(filter.options).map((option) =>
          typeof option === 'string' ? { value: option, label: option } : option
        );
        return (
          <Box
            key={filter.key}
            padding={4}
            hasRadius
            borderColor="neutral200"
            background="neutral100"
            data-testid="settings-filter"
            data-filter-index={index}
          >
            <Flex direction="column" alignItems="stretch" gap={3}>
              <Flex gap={3} alignItems="flex-end" wrap="wrap">
                <Box style={{ width: '20rem' }}>
                  <Field.Root name={`filter_label_${index}`} required>
                    <Field.Label>{t('settings.filter.label', 'Label')}</Field.Label>
                    <TextInput
                      value={filter.label}
                      maxLength={100}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) => {
                        const label = event.target.value;
                        // a new filter's parameter name follows its label until it is typed in
                        const followsLabel =
                          !filter.saved && filter.id === (filter.label ? idFromLabel(filter.label) : '');
                        change(filter.key, {
                          label,
                          ...(followsLabel ? { id: label ? idFromLabel(label) : '' } : {}),
                        });
                      }}
                    />
                  </Field.Root>
                </Box>
                <Box style={{ width: '18rem' }}>
                  <Field.Root
                    name={`filter_id_${index}`}
                    hint={
                      filter.saved ? t('settings.filter.id.saved', 'Tiles may name it: it stays.') : undefined
                    }
                  >
                    <Field.Label>{t('settings.filter.id', 'Parameter name')}</Field.Label>
                    <TextInput
                      value={filter.id}
                      disabled={filter.saved}
                      maxLength={50}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        change(filter.key, { id: event.target.value })
                      }
                    />
                    <Field.Hint />
                  </Field.Root>
                </Box>
                <Box style={{ width: '20rem' }}>
                  <Field.Root name={`filter_type_${index}`}>
                    <Field.Label>{t('settings.filter.type', 'Type')}</Field.Label>
                    <SingleSelect
                      value={filter.type}
                      disabled={filter.saved}
                      onChange={(value) =>
                        change(filter.key, { type: value as FilterType, default: '', bindings: {} })
                      }
                    >
                      {(Object.keys(TYPE_LABELS) as FilterType[]).map((type) => (
                        <SingleSelectOption key={type} value={type}>
                          {t(`settings.filter.type.${type}`, TYPE_LABELS[type])}
                        </SingleSelectOption>
                      ))}
                    </SingleSelect>
                  </Field.Root>
                </Box>
                <Box style={{ width: '24rem' }}>
                  <Field.Root name={`filter_default_${index}`}>
                    <Field.Label>{t('settings.filter.default', 'Default')}</Field.Label>
                    {filter.type === 'text' ? (
                      <TextInput
                        value={filter.default}
                        onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                          change(filter.key, { default: event.target.value })
                        }
                      />
                    ) : (
                      <SingleSelect
                        value={filter.default || 'none'}
                        onChange={(value) =>
                          change(filter.key, { default: value === 'none' ? '' : String(value) })
                        }
                      >
                        <SingleSelectOption value="none">
                          {t('settings.filter.default.none', 'None')}
                        </SingleSelectOption>
                        {filter.type === 'date_range'
                          ? DATE_PRESETS.map((preset) => (
                              <SingleSelectOption key={preset} value={preset}>
                                {t(`filters.preset.${preset}`, PRESET_LABELS[preset])}
                              </SingleSelectOption>
                            ))
                          : options.map((option) => (
                              <SingleSelectOption key={option.value} value={option.value}>
                                {option.label}
                              </SingleSelectOption>
                            ))}
                      </SingleSelect>
                    )}
                  </Field.Root>
                </Box>
                <Flex gap={1} marginLeft="auto">
                  <IconButton
                    label={t('settings.filter.up', 'Move up')}
                    disabled={index === 0}
                    onClick={() => move(index, -1)}
                  >
                    <ArrowUp />
                  </IconButton>
                  <IconButton
                    label={t('settings.filter.down', 'Move down')}
                    disabled={index === filters.length - 1}
                    onClick={() => move(index, 1)}
                  >
                    <ArrowDown />
                  </IconButton>
                  <IconButton
                    label={t('settings.filter.remove', 'Remove the filter')}
                    onClick={() => askToRemove(filter)}
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              </Flex>
              {filter.type === 'values' && (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Field.Root
                    name={`filter_options_${index}`}
                    hint={t(
                      'settings.filter.options.hint',
                      'One value a line; “value = label” shows the label.'
                    )}
                  >
                    <Field.Label>{t('settings.filter.options', 'Values')}</Field.Label>
                    <Textarea
                      value={filter.options}
                      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                        change(filter.key, { options: event.target.value })
                      }
                    />
                    <Field.Hint />
                  </Field.Root>
                  <LoadOptions
                    dashboardId={dashboard.id}
                    contentTypes={contentTypes}
                    onLoaded={(values) => change(filter.key, { options: values.join('\n') })}
                  />
                </Flex>
              )}
              {dashboard.tiles.length > 0 && (
                <Flex direction="column" alignItems="stretch" gap={2}>
                  <Typography variant="sigma" textColor="neutral600">
                    {t('settings.filter.tiles', 'Applies to')}
                  </Typography>
                  <Flex gap={3} wrap="wrap" alignItems="flex-end">
                    {dashboard.tiles.map((tile) => (
                      <Flex
                        key={tile.id}
                        direction="column"
                        alignItems="stretch"
                        gap={1}
                        style={{ minWidth: '26rem', maxWidth: '32rem' }}
                      >
                        {bindingKindOf(tile) === 'sql' || bindingKindOf(tile) === 'none' ? (
                          <Typography variant="pi" fontWeight="bold">
                            {tile.title}
                          </Typography>
                        ) : null}
                        <BindingField
                          tile={tile}
                          filter={filter}
                          contentTypes={contentTypes}
                          t={t}
                          onChange={(binding) =>
                            change(filter.key, { bindings: { ...filter.bindings, [tile.id]: binding } })
                          }
                        />
                      </Flex>
                    ))}
                  </Flex>
                </Flex>
              )}
            </Flex>
          </Box>
        );
      })}
      <Box>
        <Button
          variant="secondary"
          startIcon={<Plus />}
          disabled={filters.length >= 20}
          onClick={() => onChange([...filters, newFilter()])}
        >
          {t('settings.filter.add', 'Add a filter')}
        </Button>
      </Box>
      <Dialog.Root open={removing !== null} onOpenChange={(open) => !open && setRemoving(null)}>
        {removing && (
          <Dialog.Content data-testid="settings-filter-remove">
            <Dialog.Header>
              {t('settings.filter.remove.title', 'Remove the filter “{label}”?', {
                label: removing.filter.label || removing.filter.id,
              })}
            </Dialog.Header>
            <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
              <Flex direction="column" gap={2}>
                <Dialog.Description textAlign="center" data-testid="settings-filter-remove-tiles">
                  {t('settings.filter.remove.usedBy', 'Used by: {tiles}', {
                    tiles: removing.tiles.map((tile) => tile.title).join(', '),
                  })}
                </Dialog.Description>
                <Typography variant="omega" textColor="neutral600" textAlign="center">
                  {t(
                    'settings.filter.remove.body',
                    'A SQL query that names its parameters will miss their values; a tile bound to it is no longer filtered.'
                  )}
                </Typography>
              </Flex>
            </Dialog.Body>
            <Dialog.Footer>
              <Dialog.Cancel>
                <Button fullWidth variant="tertiary">
                  {t('settings.filter.remove.keep', 'Keep the filter')}
                </Button>
              </Dialog.Cancel>
              <Button
                fullWidth
                variant="danger-light"
                onClick={() => {
                  remove(removing.filter.key);
                  setRemoving(null);
                }}
              >
                {t('settings.filter.remove.confirm', 'Remove')}
              </Button>
            </Dialog.Footer>
          </Dialog.Content>
        )}
      </Dialog.Root>
    </Flex>
  );
};
