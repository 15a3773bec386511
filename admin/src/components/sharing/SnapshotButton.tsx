import * as React from 'react';

import { Button } from '@strapi/design-system';
import { Image } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { useTakeSnapshotMutation } from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

interface SnapshotButtonProps {
  dashboardId: string;
}

/**
 * POST /:id/snapshot: every tile run now and kept, what share and embed pages then show; the page
 * then loads the dashboard and its tiles again (cache tags).
 */
export const SnapshotButton = ({ dashboardId }: SnapshotButtonProps) => {
  const { formatDate } = useIntl();
  const message = useT();
  const [takeSnapshot] = useTakeSnapshotMutation();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);

  const take = async () => {
    setBusy(true);
    try {
      const data = await takeSnapshot(dashboardId).unwrap();
      toggleNotification({
        type: 'success',
        message: message('snapshot.success', 'A snapshot has been taken ({date}).', {
          date: formatDate(data.created_at ?? Date.now(), { dateStyle: 'medium', timeStyle: 'short' }),
        }),
      });
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: serverErrorMessage(error) ?? message('snapshot.error', 'The snapshot could not be taken.'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button variant="secondary" startIcon={<Image />} loading={busy} onClick={take}>
      {message('snapshot.button', 'Snapshot')}
    </Button>
  );
};
