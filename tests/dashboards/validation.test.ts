import { z } from 'zod';
import {
  createDashboardSchema,
  createTileSchema,
  previewTileSchema,
  updateDashboardSchema,
  updateTileSchema,
} from '../../server/dashboards/validation';
import { SEED_004_BODY } from '../fixtures/seed-004';

const issuesOf = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
};

describe('dashboard bodies', () => {
  it('reads seed 003’s create body', () => {
    const parsed = createDashboardSchema.parse({
      name: 'Sales Dashboard',
      description: 'Monthly sales overview',
      layout: { columns: 12, rowHeight: 80, gap: 16 },
      refresh_interval_seconds: 300,
    });
    expect(parsed).toEqual({
      name: 'Sales Dashboard',
      description: 'Monthly sales overview',
      layout: { columns: 12, rowHeight: 80, gap: 16 },
      settings: { refresh_interval_seconds: 300 },
    });
  });

  it('reads seed 004’s create body into the canonical form', () => {
    const parsed = createDashboardSchema.parse(SEED_004_BODY);
    expect(parsed.layout).toEqual({ columns: 12, rowHeight: 100 });
    expect(parsed.settings).toEqual({ auto_refresh: true, refresh_interval_seconds: 300, theme: 'light' });
    expect(parsed.tiles!.map((entry) => entry.tile)).toEqual([
      {
        widget_key: 'widget_01',
        title: 'Total Revenue',
        tile_type: 'metric',
        chart_type: null,
        grid_x: 0,
        grid_y: 0,
        grid_w: 3,
        grid_h: 2,
        chart_config: { format: 'currency', prefix: '$', decimals: 0 },
        source: {
          kind: 'sql',
          datasource_id: 'strapi',
          query: 'SELECT COUNT(*) AS total FROM leads',
          project_uuid: 'proj_01ABCDEF',
          step_id: 'step_01ABCDEF',
        },
      },
      {
        widget_key: 'widget_02',
        title: 'Revenue by Month',
        tile_type: 'chart',
        chart_type: 'line',
        grid_x: 3,
        grid_y: 0,
        grid_w: 6,
        grid_h: 4,
        chart_config: { xField: 'month', yField: 'revenue', color_scheme: 'blues' },
        source: { kind: 'none' },
      },
    ]);
  });

  it('names the field of every refusal', () => {
    expect(issuesOf(createDashboardSchema, { description: 'no name' })).toEqual([
      { path: 'name', message: expect.any(String) },
    ]);
    expect(issuesOf(createDashboardSchema, { name: 'x', layout: { columns: 30 } })[0].path).toBe(
      'layout.columns'
    );
    expect(issuesOf(createDashboardSchema, { name: 'x', owner: 3 })).toEqual([
      { path: '', message: expect.stringContaining('owner') },
    ]);
    expect(
      issuesOf(createDashboardSchema, {
        name: 'x',
        widgets: [
          {
            id: 'w1',
            type: 'chart',
            title: 'Bad',
            position: { x: 0, y: 0, w: 2, h: 2 },
            config: { chart_type: 'bubble' },
          },
        ],
      })
    ).toEqual([{ path: 'widgets.0.chart_type', message: expect.stringContaining('bar, line') }]);
    expect(
      issuesOf(createDashboardSchema, {
        name: 'x',
        tiles: [{ title: 'Pie', tile_type: 'chart', chart_type: 'pie', chart_config: { xField: 'a' } }],
      })
    ).toEqual([{ path: 'tiles.0.chart_config.xField', message: expect.any(String) }]);
    expect(issuesOf(createDashboardSchema, { name: 'x', tiles: [], widgets: [] })[0].path).toBe('widgets');
  });

  it('accepts a partial update and is_archived', () => {
    expect(updateDashboardSchema.parse({ is_archived: false })).toEqual({ is_archived: false });
    expect(updateDashboardSchema.parse({})).toEqual({});
  });
});

describe('tile bodies', () => {
  it('reads seed 003’s tile with its flat SQL fields into a source', () => {
    expect(
      createTileSchema.parse({
        title: 'Revenue Chart',
        tile_type: 'chart',
        chart_type: 'bar',
        datasource_id: 'analytics',
        catalog: 'analytics',
        schema: 'sales',
        query: 'SELECT region, revenue FROM sales',
        chart_config: { xField: 'region', yField: 'revenue', showLegend: true },
        grid_x: 0,
        grid_y: 0,
        grid_w: 6,
        grid_h: 4,
      })
    ).toEqual({
      title: 'Revenue Chart',
      tile_type: 'chart',
      chart_type: 'bar',
      source: {
        kind: 'sql',
        datasource_id: 'analytics',
        catalog: 'analytics',
        schema: 'sales',
        query: 'SELECT region, revenue FROM sales',
      },
      chart_config: { xField: 'region', yField: 'revenue', showLegend: true },
      grid_x: 0,
      grid_y: 0,
      grid_w: 6,
      grid_h: 4,
    });
  });

  it('accepts every chart_config key of seed 003’s reference for its chart type', () => {
    const reference: [string, Record<string, unknown>][] = [
      [
        'bar',
        {
          xField: 'a',
          yField: 'b',
          seriesField: 'c',
          showLegend: true,
          stacked: false,
          smooth: false,
          horizontal: false,
        },
      ],
      ['pie', { nameField: 'a', valueField: 'b', showLegend: true }],
      ['funnel', { nameField: 'a', valueField: 'b', showLegend: true }],
      ['heatmap', { xField: 'a', yField: 'b', valueField: 'c' }],
      ['sankey', { sourceField: 'a', targetField: 'b', valueField: 'c' }],
      ['chord', { sourceField: 'a', targetField: 'b', valueField: 'c' }],
      ['treemap', { nameField: 'a', valueField: 'b', categoryField: 'c' }],
      ['gauge', { valueField: 'a', min: 0, max: 100 }],
    ];
    for (const [chartType, chartConfig] of reference) {
      expect(
        issuesOf(createTileSchema, {
          title: 't',
          tile_type: 'chart',
          chart_type: chartType,
          chart_config: chartConfig,
        })
      ).toEqual([]);
    }
    const kpi = {
      valueField: 'v',
      prefix: '$',
      suffix: 'M',
      compareValue: 100,
      compareLabel: 'vs Last Month',
    };
    expect(issuesOf(createTileSchema, { title: 't', tile_type: 'kpi', chart_config: kpi })).toEqual([]);
    expect(
      issuesOf(createTileSchema, {
        title: 't',
        tile_type: 'table',
        chart_config: { zebra: true, compact: false, pageSize: 10 },
      })
    ).toEqual([]);
  });

  it('refuses a chart type on a KPI tile and a missing one on a chart tile', () => {
    expect(issuesOf(createTileSchema, { title: 't', tile_type: 'kpi', chart_type: 'bar' })[0].path).toBe(
      'chart_type'
    );
    expect(issuesOf(createTileSchema, { title: 't', tile_type: 'chart' })[0].path).toBe('chart_type');
    expect(issuesOf(createTileSchema, { title: 't', tile_type: 'map', chart_type: 'markers' })).toEqual([]);
  });

  it('refuses prototype names as chart types and chart_config keys (found by the fuzz test)', () => {
    for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      expect(issuesOf(createTileSchema, { title: 't', tile_type: 'chart', chart_type: name })[0].path).toBe(
        'chart_type'
      );
    }
    for (const name of ['constructor', 'toString', 'hasOwnProperty']) {
      const body = {
        title: 't',
        tile_type: 'chart',
        chart_type: 'bar',
        chart_config: JSON.parse(`{"${name}": 1}`),
      };
      expect(issuesOf(createTileSchema, body)).toEqual([
        { path: `chart_config.${name}`, message: expect.any(String) },
      ]);
    }
    // zod's record drops a __proto__ key outright: it never reaches the stored config.
    const parsed = createTileSchema.parse({
      title: 't',
      tile_type: 'chart',
      chart_type: 'bar',
      chart_config: JSON.parse('{"__proto__": {"x": 1}}'),
    });
    expect(Object.keys(parsed.chart_config!)).toEqual([]);
  });
});

describe('map tiles (issue 17)', () => {
  const map = { title: 'Leads by country', tile_type: 'map', chart_config: { locationField: 'country' } };

  it('stores the map type in chart_type, whichever spelling the body uses', () => {
    for (const mapType of ['choropleth', 'markers', 'heatmap']) {
      for (const body of [
        { ...map, chart_type: mapType },
        { ...map, chart_type: null, chart_config: { ...map.chart_config, map_type: mapType } },
        { ...map, chart_config: { ...map.chart_config, map_type: mapType } },
        { ...map, chart_type: mapType, chart_config: { ...map.chart_config, map_type: mapType } },
      ]) {
        const parsed = createTileSchema.parse(body);
        expect([parsed.chart_type, parsed.chart_config]).toEqual([mapType, { locationField: 'country' }]);
        expect(previewTileSchema.parse(body).chart_type).toBe(mapType);
      }
    }
    expect(updateTileSchema.parse({ chart_config: { map_type: 'heatmap' } })).toEqual({
      chart_type: 'heatmap',
      chart_config: {},
    });
  });

  it('refuses a map type that is no map type, or that disagrees with chart_type, naming the field', () => {
    expect(issuesOf(createTileSchema, { ...map, chart_config: { map_type: 'pie' } })).toEqual([
      { path: 'chart_config.map_type', message: 'must be one of choropleth, markers, heatmap' },
    ]);
    expect(
      issuesOf(createTileSchema, { ...map, chart_type: 'markers', chart_config: { map_type: 'heatmap' } })
    ).toEqual([
      {
        path: 'chart_config.map_type',
        message: 'is the map\'s chart_type: give one of them, or the same value ("markers")',
      },
    ]);
    expect(issuesOf(createTileSchema, { ...map, chart_type: null })).toEqual([
      { path: 'chart_type', message: 'must be one of choropleth, markers, heatmap for a map tile' },
    ]);
    // a chart tile has no map type
    expect(
      issuesOf(createTileSchema, {
        title: 't',
        tile_type: 'chart',
        chart_type: 'bar',
        chart_config: { map_type: 'markers' },
      })
    ).toEqual([{ path: 'chart_config.map_type', message: 'is not a chart_config key of a bar tile' }]);
  });
});

describe('chart_config.currency (issue 17)', () => {
  it('is a key of every tile, as the charts format KPIs and axes in it', () => {
    for (const tile of [
      { title: 'k', tile_type: 'kpi', chart_config: { currency: 'EUR' } },
      { title: 'b', tile_type: 'chart', chart_type: 'bar', chart_config: { currency: 'JPY' } },
    ]) {
      expect(issuesOf(createTileSchema, tile)).toEqual([]);
    }
  });
});

describe('chart_config.xTitle and yTitle (issue 17: axis titles editable)', () => {
  it('are keys of the charts with axes, not of the others', () => {
    for (const chartType of ['bar', 'line', 'area', 'scatter', 'heatmap']) {
      const tile = { title: 't', tile_type: 'chart', chart_type: chartType };
      expect(issuesOf(createTileSchema, { ...tile, chart_config: { xTitle: 'Week', yTitle: '' } })).toEqual(
        []
      );
    }
    expect(
      issuesOf(createTileSchema, {
        title: 't',
        tile_type: 'chart',
        chart_type: 'pie',
        chart_config: { xTitle: 'x' },
      })
    ).toEqual([{ path: 'chart_config.xTitle', message: 'is not a chart_config key of a pie tile' }]);
  });
});

describe('content-type sources (issue 17)', () => {
  it('refuses a date bucket without a unit, naming the field', () => {
    const source = { kind: 'content-type', uid: 'api::lead.lead', measure: { fn: 'count' } };
    expect(
      issuesOf(createTileSchema, {
        title: 't',
        tile_type: 'chart',
        chart_type: 'line',
        source: { ...source, date_bucket: { field: 'createdAt' } },
      })
    ).toEqual([
      { path: 'source.date_bucket.unit', message: 'is required: one of day, week, month, quarter, year' },
    ]);
    expect(
      issuesOf(previewTileSchema, {
        tile_type: 'chart',
        chart_type: 'line',
        source: { ...source, date_bucket: { field: 'createdAt', unit: 'fortnight' } },
      })
    ).toEqual([
      { path: 'source.date_bucket.unit', message: 'must be one of day, week, month, quarter, year' },
    ]);
  });
});
