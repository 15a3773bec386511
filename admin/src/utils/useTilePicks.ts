import * as React from 'react';

import { useNotification } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';

import type { Dashboard, DrillResult, Tile } from '../../../contracts/dashboards';
import { clickFilterOf, picksRows } from '../../../contracts/tile-shape';
import { useDrillTileMutation } from '../api/dashboardsApi';
import type { FilterValues } from '../components/FiltersBar';
import type { FilterDefinition } from '../components/filters/presets';
import { serverErrorMessage } from './serverError';
import { useT } from './translations';

type Row = Record<string, unknown>;

/** A filter a click set: its value and the label it is shown with. */
export interface ClickedFilter {
  id: string;
  label: string;
  value: string;
}

export type DrilledRows = { title: string } & Extract<DrillResult, { kind: 'rows' }>;

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

/**
 * The values of the point's row the drill asks for: a content-type tile's group and date bucket; a
 * SQL tile's text values (its dimensions), else its first column.
 */
function pointOf(tile: Tile, row: Row): Record<string, string> {
  if (tile.source.kind === 'content-type') {
    const fields = [tile.source.group_by, tile.source.date_bucket?.field].filter(
      (field): field is string => typeof field === 'string' && Object.hasOwn(row, field)
    );
    return Object.fromEntries(fields.map((field) => [field, text(row[field])]));
  }
  const texts = Object.entries(row).filter(([, value]) => typeof value === 'string');
  const chosen = texts.length > 0 ? texts : Object.entries(row).slice(0, 1);
  return Object.fromEntries(chosen.slice(0, 10).map(([column, value]) => [column, text(value)]));
}

/**
 * What a click on a tile's bar, slice, step, region or row does: with the tile's click filter, it
 * sets that dashboard filter from the row (every tile using it runs again) and shows a chip that
 * clears it; else, on a content-type tile it opens the Content Manager's list of the entries behind
 * the point, on a SQL tile a table of its rows.
 */
export function useTilePicks(
  dashboard: Dashboard,
  definitions: FilterDefinition[],
  values: FilterValues,
  onValuesChange: (values: FilterValues) => void,
  effective: Record<string, string>
) {
  const t = useT();
  const [clicked, setClicked] = React.useState<ClickedFilter[]>([]);
  const [drilled, setDrilled] = React.useState<DrilledRows | null>(null);
  const [drillTile] = useDrillTileMutation();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();

  const settable = (tile: Tile) => {
    const click = clickFilterOf(tile.chart_config);
    const definition = click && definitions.find((filter) => filter.id === click.filter);
    return click && definition && definition.type !== 'date_range' ? { click, definition } : null;
  };
  const drillable = (tile: Tile) => tile.source.kind === 'content-type' || tile.source.kind === 'sql';

  const pickableTile = (tile: Tile) =>
    picksRows(tile.tile_type, tile.chart_type) && (settable(tile) !== null || drillable(tile));

  const onPick = async (tile: Tile, row: Row) => {
    const filter = settable(tile);
    if (filter) {
      const value = text(row[filter.click.field]);
      if (value === '') return;
      onValuesChange({ ...values, [filter.definition.id]: value });
      setClicked((current) => [
        ...current.filter((entry) => entry.id !== filter.definition.id),
        { id: filter.definition.id, label: filter.definition.label, value },
      ]);
      return;
    }
    if (!drillable(tile)) return;
    try {
      const result = await drillTile({
        id: dashboard.id,
        tileId: tile.id,
        params: effective,
        point: pointOf(tile, row),
      }).unwrap();
      if (result.kind === 'content-manager') navigate(result.admin_path);
      else setDrilled({ title: tile.title, ...result });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message:
          serverErrorMessage(error) ?? t('drill.error', 'The records behind this point could not be shown.'),
      });
    }
  };

  // a chip shows while its filter still has the value the click gave it
  const chips = clicked.filter((entry) => values[entry.id] === entry.value);
  const clear = (id: string) => {
    onValuesChange({ ...values, [id]: '' });
    setClicked((current) => current.filter((entry) => entry.id !== id));
  };

  return { pickableTile, onPick, chips, clear, drilled, closeDrill: () => setDrilled(null) };
}
