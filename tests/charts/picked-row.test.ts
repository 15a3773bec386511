import { clickFilterOf, pickedRow, picksRows } from '../../contracts/tile-shape';
import { drillSql } from '../../server/dashboards/drill';

const ROWS = [
  { stage: 'Won', owner: 'ann', amount: 10 },
  { stage: 'Lost', owner: 'ann', amount: 4 },
  { stage: 'Won', owner: 'bob', amount: 7 },
];
const data = { columns: ['stage', 'owner', 'amount'], rows: ROWS };

it('finds the row of a clicked category, slice, table row or map location', () => {
  const bar = { tile_type: 'chart', chart_type: 'bar', chart_config: { xField: 'owner' } };
  expect(pickedRow(bar, { ...data, labels: ['ann', 'bob'] }, { index: 1 })).toBe(ROWS[2]);
  const pie = { tile_type: 'chart', chart_type: 'pie', chart_config: {} };
  expect(pickedRow(pie, data, { index: 1 })).toBe(ROWS[1]);
  expect(pickedRow({ tile_type: 'table' }, data, { row: ROWS[0] })).toBe(ROWS[0]);
  const map = { tile_type: 'map', chart_config: { locationField: 'owner' } };
  expect(pickedRow(map, data, { index: 0, label: 'bob' })).toBe(ROWS[2]);
  expect(pickedRow(map, data, { matches: (row) => row.amount === 4 })).toBe(ROWS[1]);
  // a heatmap cell or a KPI has no one row
  expect(pickedRow({ tile_type: 'chart', chart_type: 'heatmap' }, data, { index: 0 })).toBeUndefined();
  expect(pickedRow({ tile_type: 'kpi' }, data, { index: 0 })).toBeUndefined();
  expect(picksRows('chart', 'heatmap')).toBe(false);
  expect(picksRows('chart', 'funnel')).toBe(true);
});

it('reads a whole click filter only', () => {
  expect(clickFilterOf({ click_filter: { filter: 'stage', field: 'stage' } })).toEqual({
    filter: 'stage',
    field: 'stage',
  });
  expect(clickFilterOf({ click_filter: { filter: 'stage' } })).toBeNull();
  expect(clickFilterOf(null)).toBeNull();
});

it('drills into SQL with the point bound as parameters and the column quoted per dialect', () => {
  expect(drillSql('SELECT a, "b c" FROM t -- note;\n;', { 'b c': 'x"y', a: '2' }, 'postgres')).toEqual({
    sql: 'SELECT * FROM (\nSELECT a, "b c" FROM t -- note\n) drill_rows WHERE "b c" = {{drill_point_0}} AND "a" = {{drill_point_1}} LIMIT 200',
    params: { drill_point_0: 'x"y', drill_point_1: 2 },
  });
  expect(drillSql('SELECT 1', { 'we`ird': 'v' }, 'mysql').sql).toContain(
    'WHERE `we``ird` = {{drill_point_0}}'
  );
});
