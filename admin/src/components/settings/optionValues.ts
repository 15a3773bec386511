/** Pure logic of a value list's "Load the values": the preview body of each source, and the values of its result. */
import type { TileSource } from '../../../../contracts/dashboards';
import type { RawResult } from '../../../../contracts/query';
import type { TileBody } from '../../utils/tileConfig';

/** The server keeps at most this many options a filter. */
export const MAX_OPTIONS = 500;

/** Where a value list's options are loaded from. */
export type OptionsSource =
  | { kind: 'content-type'; uid: string; field: string }
  | { kind: 'sql'; datasource_id: string; query: string };

/** The unsaved table tile the preview route runs to list the values. */
export function optionsPreviewBody(from: OptionsSource): TileBody {
  const source: TileSource =
    from.kind === 'content-type'
      ? {
          kind: 'content-type',
          uid: from.uid,
          measure: { fn: 'count' },
          group_by: from.field,
          limit: MAX_OPTIONS,
        }
      : { kind: 'sql', datasource_id: from.datasource_id, query: from.query };
  return {
    title: from.kind === 'content-type' ? from.field : 'Values',
    tile_type: 'table',
    chart_type: null,
    chart_config: {},
    source,
  };
}

/** The first column's distinct non-empty values, in the result's order (at most MAX_OPTIONS). */
export function firstColumnValues(result: RawResult): string[] {
  const column = result.columns[0];
  if (column === undefined) return [];
  const values = result.rows
    .map((row) => row[column])
    .filter((value) => value !== null && value !== undefined && typeof value !== 'object')
    .map(String)
    .filter((value) => value.trim() !== '');
  return [...new Set(values)].slice(0, MAX_OPTIONS);
}
