import * as React from 'react';

import { Button } from '@strapi/design-system';
import { Image } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import { dashboardPath } from '../../utils/dashboardActionsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { getTranslationId } from '../../utils/translations';

interface Snapshot {
  id: string;
  created_at: string;
  expires_at: string | null;
}

interface SnapshotButtonProps {
  dashboardId: string;
  onTaken: () => void;
}

/** POST /:id/snapshot: every tile run now and kept, what share and embed pages then show. */
export const SnapshotButton = ({ dashboardId, onTaken }: SnapshotButtonProps) => {
  const { formatMessage, formatDate } = useIntl();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);

  const take = async () => {
    setBusy(true);
    try {
      const { data } = await post<Snapshot>(dashboardPath(dashboardId, '/snapshot'), {});
      toggleNotification({
        type: 'success',
        message: formatMessage(
          {
            id: getTranslationId('snapshot.success'),
            defaultMessage: 'A snapshot has been taken ({date}).',
          },
          { date: formatDate(data.created_at, { dateStyle: 'medium', timeStyle: 'short' }) }
        ),
      });
      onTaken();
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message:
          serverErrorMessage(error) ??
          formatMessage({
            id: getTranslationId('snapshot.error'),
            defaultMessage: 'The snapshot could not be taken.',
          }),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Button variant="secondary" startIcon={<Image />} loading={busy} onClick={take}>
      {formatMessage({ id: getTranslationId('snapshot.button'), defaultMessage: 'Snapshot' })}
    </Button>
  );
};
