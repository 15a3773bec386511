import { renderTile, type SnapshotPayload, type Theme, type ViewerDashboard } from '../../admin/src/charts';
import { element } from '../../admin/src/charts/dom';
import { translator, type Translate } from '../../admin/src/charts/i18n';
import { downloadPng, pngFileName } from '../../admin/src/charts/png';
import { clickFilterOf } from '../../contracts/tile-shape';

/** A click filter a reader set: the filter, its label, and the value clicked. */
export interface ClickedFilter {
  id: string;
  label: string;
  value: string;
}

export interface DashboardView {
  /** Redraws every tile from a newer snapshot. */
  update(snapshot: SnapshotPayload | null, loadFailed?: boolean): void;
  /** Shows the click filter in force (a chip that clears it), or none. */
  showClicked(clicked: ClickedFilter | null): void;
  destroy(): void;
}

/** "Updated …" (with the header only), "Data may be out of date" and load failures. */
function statusLine(
  snapshot: SnapshotPayload | null,
  loadFailed: boolean,
  withTime: boolean,
  locale: string
): HTMLElement[] {
  const t = translator(locale);
  const parts: HTMLElement[] = [];
  const created = snapshot?.created_at ? new Date(snapshot.created_at) : null;
  if (withTime && created && !Number.isNaN(created.getTime())) {
    const updated = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    const time = element('time', 'dv-updated', t('viewer.updated', { time: updated.format(created) }));
    time.dateTime = created.toISOString();
    parts.push(time);
  }
  if (loadFailed) parts.push(element('span', 'dv-stale', t('viewer.loadFailed')));
  else if (snapshot?.stale) parts.push(element('span', 'dv-stale', t('viewer.stale')));
  return parts;
}

/** A button that saves `target` as `<name>-<day>.png` (the share link allows downloads). */
function pngButton(
  t: Translate,
  text: string,
  label: string,
  target: () => HTMLElement,
  name: string
): HTMLButtonElement {
  const button = element('button', 'dv-button dv-png', text) as HTMLButtonElement;
  button.type = 'button';
  button.setAttribute('aria-label', label);
  button.dataset.pngSkip = '';
  button.addEventListener('click', () => {
    button.disabled = true;
    downloadPng(target(), pngFileName(name))
      .catch((error: unknown) => {
        console.warn('dashboards: the image could not be made', error);
        button.title = t('viewer.png.error');
      })
      .finally(() => {
        button.disabled = false;
      });
  });
  return button;
}

/**
 * The dashboard: its header (unless hidden) and its tiles on a CSS grid of `layout.columns`
 * columns and `layout.rowHeight` px rows, each tile at grid_x/grid_y spanning grid_w × grid_h.
 */
export function renderDashboard(
  root: HTMLElement,
  dashboard: ViewerDashboard,
  theme: Theme,
  options: {
    hideHeader: boolean;
    locale: string;
    /** Set when a click on a tile may set a filter (`click_filters`): called with what was clicked. */
    onClick?: (clicked: ClickedFilter | null) => void;
  }
): DashboardView {
  const page = element('main', 'dv-dashboard');
  const status = element('p', 'dv-status');
  status.setAttribute('aria-live', 'polite');
  const chips = element('div', 'dv-chips');
  const t = translator(options.locale);
  const grid = element('div', 'dv-grid');
  const download = dashboard.allow_download
    ? pngButton(t, t('viewer.png.dashboard'), t('viewer.png.dashboard'), () => grid, dashboard.name)
    : null;
  if (!options.hideHeader) {
    const header = element('header', 'dv-header');
    header.append(element('h1', 'dv-title', dashboard.name));
    if (dashboard.description) header.append(element('p', 'dv-description', dashboard.description));
    header.append(status);
    if (download) header.append(download);
    page.append(header);
  } else {
    page.append(status);
    if (download) page.append(download);
  }
  page.append(chips);

  const { columns, rowHeight, gap } = dashboard.layout;
  grid.style.setProperty('--dv-columns', String(columns));
  grid.style.setProperty('--dv-row-height', `${rowHeight}px`);
  grid.style.setProperty('--dv-gap', `${gap}px`);

  const tiles = [...dashboard.tiles].sort((a, b) => a.grid_y - b.grid_y || a.grid_x - b.grid_x);
  const bodies = tiles.map((tile) => {
    const card = element('section', `dv-tile dv-tile-${tile.tile_type}`);
    card.dataset.tileId = tile.id;
    card.style.setProperty('--dv-col-start', String(tile.grid_x + 1));
    card.style.setProperty('--dv-col-span', String(tile.grid_w));
    card.style.setProperty('--dv-row-start', String(tile.grid_y + 1));
    card.style.setProperty('--dv-row-span', String(tile.grid_h));
    const titleId = `dv-tile-title-${tile.id}`;
    card.setAttribute('aria-labelledby', titleId);
    const title = element('h2', 'dv-tile-title', tile.title);
    title.id = titleId;
    const body = element('div', 'dv-tile-body');
    if (dashboard.allow_download) {
      const heading = element('div', 'dv-tile-heading');
      const label = t('viewer.png.tile', { title: tile.title });
      heading.append(
        title,
        pngButton(t, 'PNG', label, () => card, tile.title)
      );
      card.append(heading, body);
    } else {
      card.append(title, body);
    }
    grid.append(card);
    return body;
  });
  page.append(grid);
  root.replaceChildren(page);

  let destroyers: (() => void)[] = [];
  const clearTiles = () => {
    destroyers.forEach((destroy) => destroy());
    destroyers = [];
  };
  const clickable = new Map((dashboard.click_filters ?? []).map((filter) => [filter.id, filter]));
  const { onClick } = options;
  /** What a click on the tile does: set the filter its click filter names, from the row clicked. */
  const onPickOf = (tile: (typeof tiles)[number]) => {
    const click = clickFilterOf(tile.chart_config);
    const filter = click && clickable.get(click.filter);
    if (!onClick || !click || !filter) return undefined;
    return (row: Record<string, unknown>) => {
      const value = row[click.field];
      if (value === null || value === undefined || value === '') return;
      onClick({ id: filter.id, label: filter.label, value: String(value) });
    };
  };
  return {
    update(snapshot, loadFailed = false) {
      clearTiles();
      destroyers = tiles.map((tile, index) =>
        renderTile(bodies[index], tile, snapshot?.tile_data?.[tile.id], theme, {
          locale: options.locale,
          onPick: onPickOf(tile),
        })
      );
      status.replaceChildren(...statusLine(snapshot, loadFailed, !options.hideHeader, options.locale));
    },
    showClicked(clicked) {
      if (!clicked) {
        chips.replaceChildren();
        return;
      }
      const chip = element('span', 'dv-chip', `${clicked.label}: ${clicked.value}`);
      const clear = element('button', 'dv-chip-clear', '×') as HTMLButtonElement;
      clear.type = 'button';
      clear.setAttribute(
        'aria-label',
        t('viewer.clickFilter.clear', { label: clicked.label, value: clicked.value })
      );
      clear.addEventListener('click', () => onClick?.(null));
      chip.append(clear);
      chips.replaceChildren(chip);
    },
    destroy() {
      clearTiles();
      page.remove();
    },
  };
}
