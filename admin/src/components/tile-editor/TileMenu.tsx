import * as React from 'react';

import {
  Box,
  Button,
  Dialog,
  IconButton,
  Modal,
  SimpleMenu,
  MenuItem,
  Typography,
} from '@strapi/design-system';
import { Code, Download, Duplicate, Image, More, Pencil, Trash, WarningCircle } from '@strapi/icons';
import { useFetchClient, useNotification, useRBAC } from '@strapi/strapi/admin';

import type { Tile } from '../../../../contracts/dashboards';
import {
  useCreateTileMutation,
  useDeleteTileMutation,
  useLazyGetDashboardQuery,
} from '../../api/dashboardsApi';
import { apiPaths } from '../../api/paths';
import { downloadPng, pngFileName, saveFile } from '../../charts/png';
import { PERMISSIONS } from '../../permissions';
import { duplicateSlot } from '../../utils/layout';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

const TITLE_MAX = 255;

/** A duplicate's title: `<title> (copy)`, within the server's 255 characters. */
export const copyTitle = (title: string): string => `${title.slice(0, TITLE_MAX - 7)} (copy)`;

/** A file name from a Content-Disposition header, else `<title>.csv`. */
const csvFileName = (headers: Headers | undefined, title: string) => {
  const disposition = headers?.get('content-disposition') ?? '';
  // the RFC 5987 form first: the plain one is an ASCII fallback for titles in other letters
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (encoded) return decodeURIComponent(encoded[1]);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  if (plain) return plain[1];
  return `${title.replace(/[^\w.-]+/g, '_') || 'tile'}.csv`;
};

interface TileMenuProps {
  tile: Tile;
  dashboardId: string;
  /** The dashboard says the caller may change it (its owner, an editor, an admin). */
  canEdit: boolean;
  params: Record<string, string>;
  onEdit: (tile: Tile) => void;
}

/**
 * A tile's menu: edit, duplicate, delete (for those who may change the dashboard), export CSV,
 * download PNG, view SQL. A duplicate or a deletion makes the page load the dashboard again (cache tags).
 */
export const TileMenu = ({ tile, dashboardId, canEdit, params, onEdit }: TileMenuProps) => {
  const t = useT();
  // the CSV is a file download (a blob and its file name), not a payload for the API cache
  const { get } = useFetchClient();
  const [loadDashboard] = useLazyGetDashboardQuery();
  const [createTile] = useCreateTileMutation();
  const [deleteTile] = useDeleteTileMutation();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(PERMISSIONS.update);
  const mayChange = canEdit && allowedActions.canUpdate;
  const [dialog, setDialog] = React.useState<'delete' | 'sql' | null>(null);
  const [busy, setBusy] = React.useState(false);
  const sql = tile.source.kind === 'sql' ? tile.source.query : null;

  const failed = (error: unknown, fallback: string) =>
    toggleNotification({ type: 'danger', message: serverErrorMessage(error) ?? fallback });

  const duplicate = async () => {
    setBusy(true);
    try {
      // the positions as they are now on the server, so the copy lands on free room
      const dashboard = await loadDashboard(dashboardId).unwrap();
      const others = dashboard.tiles.map(({ grid_x, grid_y, grid_w, grid_h }) => ({
        grid_x,
        grid_y,
        grid_w,
        grid_h,
      }));
      const slot = duplicateSlot(tile, others, dashboard.layout.columns);
      const body = {
        title: copyTitle(tile.title),
        tile_type: tile.tile_type,
        chart_type: tile.chart_type,
        source: tile.source,
        chart_config: tile.chart_config,
        ...slot,
      };
      await createTile({ id: dashboardId, body }).unwrap();
      toggleNotification({
        type: 'success',
        message: t('tileMenu.duplicate.success', 'The tile has been duplicated.'),
      });
    } catch (error) {
      failed(error, t('tileMenu.duplicate.error', 'The tile could not be duplicated.'));
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    setBusy(true);
    try {
      await deleteTile({ id: dashboardId, tileId: tile.id }).unwrap();
      setDialog(null);
      toggleNotification({
        type: 'success',
        message: t('tileMenu.delete.success', 'The tile has been deleted.'),
      });
    } catch (error) {
      failed(error, t('tileMenu.delete.error', 'The tile could not be deleted.'));
    } finally {
      setBusy(false);
    }
  };

  const exportCsv = async () => {
    try {
      const response = await get<Blob>(apiPaths.tileCsv(dashboardId, tile.id, params), {
        responseType: 'blob',
      });
      const url = URL.createObjectURL(response.data);
      saveFile(url, csvFileName(response.headers, tile.title));
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (error) {
      failed(error, t('tileMenu.csv.error', 'The CSV file could not be exported.'));
    }
  };

  /** The tile's card as the page shows it (its menu button left out), as `<title>-<day>.png`. */
  const exportPng = async () => {
    const card = document.querySelector<HTMLElement>(`[data-tile-id="${CSS.escape(tile.id)}"]`);
    if (!card) return;
    try {
      await downloadPng(card, pngFileName(tile.title));
    } catch (error) {
      failed(error, t('tileMenu.png.error', 'The image could not be made.'));
    }
  };

  return (
    <>
      <SimpleMenu
        tag={IconButton}
        icon={<More />}
        label={t('tileMenu.label', 'Tile actions for {title}', { title: tile.title })}
        variant="ghost"
        disabled={busy}
        data-testid="tile-menu"
      >
        {mayChange && (
          <MenuItem startIcon={<Pencil />} onSelect={() => onEdit(tile)}>
            {t('tileMenu.edit', 'Edit')}
          </MenuItem>
        )}
        {mayChange && (
          <MenuItem startIcon={<Duplicate />} onSelect={() => void duplicate()}>
            {t('tileMenu.duplicate', 'Duplicate')}
          </MenuItem>
        )}
        {tile.tile_type !== 'text' && (
          <MenuItem startIcon={<Download />} onSelect={() => void exportCsv()}>
            {t('tileMenu.csv', 'Export CSV')}
          </MenuItem>
        )}
        <MenuItem startIcon={<Image />} onSelect={() => void exportPng()}>
          {t('tileMenu.png', 'Download PNG')}
        </MenuItem>
        {sql !== null && (
          <MenuItem startIcon={<Code />} onSelect={() => setDialog('sql')}>
            {t('tileMenu.sql', 'View SQL')}
          </MenuItem>
        )}
        {mayChange && (
          <MenuItem startIcon={<Trash />} variant="danger" onSelect={() => setDialog('delete')}>
            {t('tileMenu.delete', 'Delete')}
          </MenuItem>
        )}
      </SimpleMenu>
      <Modal.Root open={dialog === 'sql'} onOpenChange={(open) => !open && setDialog(null)}>
        <Modal.Content>
          <Modal.Header>
            <Modal.Title>{t('tileMenu.sql.title', 'SQL of “{title}”', { title: tile.title })}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Box background="neutral100" padding={4} hasRadius>
              <Typography
                tag="pre"
                variant="omega"
                style={{ whiteSpace: 'pre-wrap', fontFamily: 'monospace' }}
                data-testid="tile-sql"
              >
                {sql}
              </Typography>
            </Box>
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('tileMenu.sql.close', 'Close')}</Button>
            </Modal.Close>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>
      <Dialog.Root open={dialog === 'delete'} onOpenChange={(open) => !open && setDialog(null)}>
        <Dialog.Content>
          <Dialog.Header>{t('tileMenu.delete.title', 'Confirmation')}</Dialog.Header>
          <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
            <Dialog.Description textAlign="center">
              {t('tileMenu.delete.body', 'Delete the tile “{title}”?', { title: tile.title })}
            </Dialog.Description>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button fullWidth variant="tertiary">
                {t('tileMenu.delete.cancel', 'Cancel')}
              </Button>
            </Dialog.Cancel>
            <Button fullWidth variant="danger-light" loading={busy} onClick={() => void remove()}>
              {t('tileMenu.delete.confirm', 'Delete')}
            </Button>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </>
  );
};
