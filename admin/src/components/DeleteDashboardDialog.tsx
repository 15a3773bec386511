import { Button, Dialog } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { DashboardListItem } from '../../../contracts/dashboards';
import { getTranslationId } from '../utils/translations';

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
  const { formatMessage } = useIntl();
  return (
    <Dialog.Root open={dashboard !== null} onOpenChange={(open) => !open && onCancel()}>
      <Dialog.Content>
        <Dialog.Header>
          {formatMessage({ id: getTranslationId('home.delete.title'), defaultMessage: 'Confirmation' })}
        </Dialog.Header>
        <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="danger600" />}>
          <Dialog.Description textAlign="center">
            {formatMessage(
              {
                id: getTranslationId('home.delete.body'),
                defaultMessage:
                  'Delete “{name}”? Its tiles, snapshots, schedule and share links are deleted with it.',
              },
              { name: dashboard?.name ?? '' }
            )}
          </Dialog.Description>
        </Dialog.Body>
        <Dialog.Footer>
          <Dialog.Cancel>
            <Button fullWidth variant="tertiary">
              {formatMessage({ id: getTranslationId('home.dialog.cancel'), defaultMessage: 'Cancel' })}
            </Button>
          </Dialog.Cancel>
          <Button
            fullWidth
            variant="danger-light"
            loading={isDeleting}
            onClick={() => dashboard && onConfirm(dashboard)}
          >
            {formatMessage({ id: getTranslationId('home.delete.confirm'), defaultMessage: 'Delete' })}
          </Button>
        </Dialog.Footer>
      </Dialog.Content>
    </Dialog.Root>
  );
};
