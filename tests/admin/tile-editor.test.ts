import { CHART_TYPES, type Tile } from '../../contracts/dashboards';
import { allowedChartConfigKeys } from '../../server/dashboards/chart-config';
import { duplicateSlot, firstFreeSlot } from '../../admin/src/utils/layout';
import {
  cleanChartConfig,
  configFieldsFor,
  emptyForm,
  formFromTile,
  hiddenConfigKeys,
  missingField,
  shapeResult,
  tileBody,
} from '../../admin/src/utils/tileConfig';

const tile = (overrides: Partial<Tile>): Tile => ({
  id: 't1',
  dashboard_id: 'd1',
  widget_id: null,
  title: 'A tile',
  tile_type: 'chart',
  chart_type: 'bar',
  source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT 1' },
  datasource_id: 'strapi',
  catalog: null,
  schema: null,
  query: 'SELECT 1',
  chart_config: {},
  grid_x: 0,
  grid_y: 0,
  grid_w: 6,
  grid_h: 4,
  conversation_id: null,
  message_id: null,
  created_at: '',
  updated_at: '',
  ...overrides,
});

describe('chart_config form fields', () => {
  it('offers fields for every chart type, all of them keys the server accepts', () => {
    for (const chartType of CHART_TYPES) {
      const fields = configFieldsFor('chart', chartType);
      expect([chartType, fields.length > 0]).toEqual([chartType, true]);
      const allowed = allowedChartConfigKeys('chart', chartType);
      expect(fields.map((field) => field.key).filter((key) => !allowed.has(key))).toEqual([]);
    }
    for (const tileType of ['kpi', 'metric', 'table', 'map', 'text'] as const) {
      const allowed = allowedChartConfigKeys(tileType, null);
      expect(configFieldsFor(tileType, null).filter((field) => !allowed.has(field.key))).toEqual([]);
    }
  });

  it('shows the fields of the chart type', () => {
    expect(configFieldsFor('chart', 'pie').map((field) => field.key)).toEqual([
      'nameField',
      'valueField',
      'showLegend',
      'click_filter',
    ]);
    expect(configFieldsFor('chart', 'sankey').map((field) => field.key)).toEqual([
      'sourceField',
      'targetField',
      'valueField',
    ]);
    expect(configFieldsFor('chart', 'gauge').map((field) => [field.key, field.kind])).toEqual([
      ['valueField', 'column'],
      ['min', 'number'],
      ['max', 'number'],
    ]);
    // a map's type is its chart_type (the tile type row's select), not a chart_config field
    expect(configFieldsFor('map', null).map((field) => field.key)).toEqual([
      'locationField',
      'valueField',
      'latField',
      'lngField',
      'click_filter',
    ]);
    expect(configFieldsFor('chart', 'unknown')).toEqual([]);
  });

  it('keeps the shown fields that have a value and the hidden keys the tile had', () => {
    expect(
      cleanChartConfig(
        { xField: 'label', yField: '', nameField: 'gone', stacked: true, colors: ['#f00'], min: Number.NaN },
        'chart',
        'bar',
        ['colors']
      )
    ).toEqual({ xField: 'label', stacked: true, colors: ['#f00'] });
  });
});

describe('the request body of the form', () => {
  it('builds a SQL chart tile', () => {
    const form = emptyForm(true);
    form.title = '  Sales ';
    form.sql.query = 'SELECT 1 AS n';
    form.chart_config = { xField: 'n', horizontal: undefined };
    expect(tileBody(form)).toEqual({
      title: 'Sales',
      tile_type: 'chart',
      chart_type: 'bar',
      source: { kind: 'sql', datasource_id: 'strapi', query: 'SELECT 1 AS n' },
      chart_config: { xField: 'n' },
    });
  });

  it('builds a content-type query with a date bucket and typed filters', () => {
    const form = emptyForm(false);
    expect(form.source_kind).toBe('content-type');
    form.title = 'Leads';
    form.content = {
      ...form.content,
      uid: 'api::lead.lead',
      fn: 'sum',
      field: 'value',
      bucket_field: 'createdAt',
      bucket_unit: 'month',
      filters: [
        { field: 'status', operator: '$eq', value: 'open' },
        { field: 'score', operator: '$gte', value: '10' },
        { field: 'source', operator: '$in', value: 'website, event' },
        { field: 'owner.email', operator: '$eq', value: '{{owner}}' },
      ],
      limit: '50',
    };
    expect(tileBody(form).source).toEqual({
      kind: 'content-type',
      uid: 'api::lead.lead',
      measure: { fn: 'sum', field: 'value' },
      date_bucket: { field: 'createdAt', unit: 'month' },
      filters: {
        status: 'open',
        score: { $gte: 10 },
        source: ['website', 'event'],
        'owner.email': '{{owner}}',
      },
      limit: 50,
    });
  });

  it('builds an analytics source from a query string, and none for text tiles', () => {
    const form = emptyForm(true);
    form.source_kind = 'analytics';
    form.analytics = { endpoint: 'revenue-trend', params: 'period=month&limit=5' };
    expect(tileBody(form).source).toEqual({
      kind: 'analytics',
      endpoint: 'revenue-trend',
      params: { period: 'month', limit: '5' },
    });
    form.tile_type = 'text';
    form.chart_config = { content: '# Hi', xField: 'x' };
    expect(tileBody(form)).toMatchObject({
      chart_type: null,
      source: { kind: 'none' },
      chart_config: { content: '# Hi' },
    });
  });

  it('reads an existing tile back into the form unchanged', () => {
    const source = {
      kind: 'content-type' as const,
      uid: 'api::lead.lead',
      measure: { fn: 'count' as const },
      group_by: 'source',
      filters: { status: 'open', score: { $gt: 3 }, source: ['a', 'b'] },
      sort: 'desc' as const,
    };
    const existing = tile({
      title: 'Leads',
      chart_type: 'pie',
      source,
      chart_config: { nameField: 'source', colors: ['#000'] },
    });
    const form = formFromTile(existing, true);
    expect(tileBody(form, ['colors'])).toEqual({
      title: 'Leads',
      tile_type: 'chart',
      chart_type: 'pie',
      source,
      chart_config: { nameField: 'source', colors: ['#000'] },
    });
  });

  it('keeps every operator of a field: a date range is two rows and one filter (issue 17)', () => {
    const source = {
      kind: 'content-type' as const,
      uid: 'api::lead.lead',
      measure: { fn: 'count' as const },
      date_bucket: { field: 'createdAt', unit: 'month' as const },
      filters: { qualified_at: { $gte: '{{from}}', $lte: '{{to}}' }, status: 'open' },
    };
    const form = formFromTile(tile({ chart_type: 'line', source }), true);
    expect(form.content.filters).toEqual([
      { field: 'qualified_at', operator: '$gte', value: '{{from}}' },
      { field: 'qualified_at', operator: '$lte', value: '{{to}}' },
      { field: 'status', operator: '$eq', value: 'open' },
    ]);
    expect(tileBody(form).source).toEqual(source);
  });

  it('gives a date bucket a month unless another unit is picked (issue 17)', () => {
    const form = emptyForm(false);
    form.content = { ...form.content, uid: 'api::lead.lead', bucket_field: 'createdAt', bucket_unit: '' };
    expect(tileBody(form).source).toEqual({
      kind: 'content-type',
      uid: 'api::lead.lead',
      measure: { fn: 'count' },
      date_bucket: { field: 'createdAt', unit: 'month' },
    });
  });

  it('sends a map’s type as its chart_type, and reads it from either spelling (issue 17)', () => {
    for (const stored of [
      { chart_type: 'markers', chart_config: { locationField: 'country' } },
      { chart_type: null, chart_config: { map_type: 'markers', locationField: 'country' } },
    ]) {
      const form = formFromTile(tile({ tile_type: 'map', ...stored }), true);
      const existing = tile({ tile_type: 'map', ...stored });
      const body = tileBody(form, hiddenConfigKeys(existing));
      expect([body.tile_type, body.chart_type, body.chart_config]).toEqual([
        'map',
        'markers',
        { locationField: 'country' },
      ]);
    }
    const form = emptyForm(true);
    form.tile_type = 'map';
    expect(tileBody(form).chart_type).toBe('choropleth');
  });

  it('names what is missing', () => {
    const form = emptyForm(true);
    expect(missingField(form)).toBe('title');
    form.title = 'T';
    expect(missingField(form)).toBe('query');
    form.source_kind = 'content-type';
    expect(missingField(form)).toBe('contentType');
    form.source_kind = 'analytics';
    expect(missingField(form)).toBeNull();
    form.tile_type = 'text';
    expect(missingField(form)).toBe('content');
  });
});

describe('chart_config → preview data', () => {
  const result = {
    columns: ['label', 'value'],
    rows: [
      { label: 'a', value: 3 },
      { label: 'b', value: 5 },
    ],
  };

  it('shapes a bar chart and a pie as the tile data route does', () => {
    expect(shapeResult({ tile_type: 'chart', chart_type: 'bar', chart_config: {} }, result)).toEqual({
      ...result,
      truncated: false,
      labels: ['a', 'b'],
      datasets: [{ label: 'value', data: [3, 5] }],
    });
    expect(
      shapeResult({ tile_type: 'chart', chart_type: 'pie', chart_config: { valueField: 'value' } }, result)
    ).toMatchObject({ labels: ['a', 'b'], datasets: [{ label: 'value', data: [3, 5] }] });
  });

  it('shapes a KPI with its format', () => {
    expect(
      shapeResult(
        { tile_type: 'kpi', chart_type: null, chart_config: { valueField: 'value', format: 'currency' } },
        result
      )
    ).toMatchObject({ value: 3, formatted: '$3', change_percent: null, trend: null });
  });
});

describe('layout packing', () => {
  const box = (grid_x: number, grid_y: number, grid_w: number, grid_h: number) => ({
    grid_x,
    grid_y,
    grid_w,
    grid_h,
  });

  it('puts a new tile in the first free slot, row by row', () => {
    expect(firstFreeSlot([], { grid_w: 6, grid_h: 4 }, 12)).toEqual(box(0, 0, 6, 4));
    expect(firstFreeSlot([box(0, 0, 6, 4)], { grid_w: 6, grid_h: 4 }, 12)).toEqual(box(6, 0, 6, 4));
    expect(firstFreeSlot([box(0, 0, 6, 4), box(6, 0, 6, 2)], { grid_w: 6, grid_h: 2 }, 12)).toEqual(
      box(6, 2, 6, 2)
    );
    expect(firstFreeSlot([box(0, 0, 12, 3)], { grid_w: 20, grid_h: 1 }, 12)).toEqual(box(0, 3, 12, 1));
  });

  it('puts a duplicate beside its original, else below it, else in the first free slot', () => {
    const original = box(0, 0, 6, 4);
    expect(duplicateSlot(original, [original], 12)).toEqual(box(6, 0, 6, 4));
    expect(duplicateSlot(original, [original, box(6, 0, 6, 4)], 12)).toEqual(box(0, 4, 6, 4));
    const right = box(6, 0, 6, 4);
    expect(duplicateSlot(right, [original, right, box(0, 4, 12, 1)], 12)).toEqual(box(0, 5, 6, 4));
  });
});
