import type { Dashboard, Tile } from '../../../contracts/dashboards';

interface TileEditorProps {
  dashboard: Dashboard;
  /** null: a new tile. */
  tile: Tile | null;
  onClose: () => void;
  /** The tile was created or updated on the server. */
  onSaved: () => void;
}

/** Add or edit a tile: its type, source, chart type and chart_config, with a live preview. */
export const TileEditor = (_props: TileEditorProps) => null;
