import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';

import type { DashboardListItem } from '../../../contracts/dashboards';
import { useT } from '../utils/translations';

interface DeleteDashboardDialogProps {
  /** The dashboard to delete; the dialog is open while there is one. */
  dashboard: DashboardListItem | null;
  isDeleting: boolean;
  onCancel: () => void;
  onConfirm: (dashboard: DashboardListItem) => void;
}

/** The confirmation before a dashboard is deleted, as Strapi's ConfirmDialog asks it. */
export const DeleteDashboardDialog = ({
  dashboard,
  isDeleting,
  onCancel,
  onConfirm,
}: DeleteDashboardDialogProps) => {
  const message = useT();
  return (
    <Dialog.Root open={dashboard !== null} onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>{message('home.delete.title', 'Confirmation')}</Dialog.Header>
        <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
          <Dialog.Description textAlign="center">
            {message(
              'home.delete.body',
              'Delete “{name}”? Its tiles, snapshots, schedule and share links are deleted with it.',
              { name: dashboard?.name ?? '' }
            )}
          </Dialog.Description>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {message('home.dialog.cancel', 'Cancel')}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant="danger-light"
            loading={isDeleting}
            onClick={() => dashboard && onConfirm(dashboard)}
          >
            {message('home.delete.confirm', 'Delete')}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
