import * as React from 'react';

import { Badge, Button, Dialog, Flex, Loader, Modal, Td, Tr, Typography } from '@strapi/design-system';
import { WarningCircle } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { Dashboard } from '../../../../contracts/dashboards';
import type { RevisionListItem } from '../../../../contracts/revisions';
import { useRestoreRevisionMutation, useRevisionsQuery } from '../../api/dashboardsApi';
import type { Theme } from '../../charts';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { DataTable } from '../DataTable';
import { summaryWords } from './changeWords';
import { RevisionPreview } from './RevisionPreview';

interface HistoryDialogProps {
  dashboard: Dashboard;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  theme: Theme;
  /** A revision was restored: the page loads the dashboard and its tiles' data again. */
  onRestored: () => void;
}

/** Version history: the kept revisions, newest first; one can be previewed read-only and restored. */
export const HistoryDialog = ({ dashboard, open, onOpenChange, theme, onRestored }: HistoryDialogProps) => {
  const t = useT();
  const { locale } = useIntl();
  const { data, isError } = useRevisionsQuery(dashboard.id, { skip: !open });
  const [previewId, setPreviewId] = React.useState<string | null>(null);
  const [confirming, setConfirming] = React.useState<RevisionListItem | null>(null);
  const [restore, { isLoading: restoring }] = useRestoreRevisionMutation();
  const { toggleNotification } = useNotification();
  const time = (value: string) =>
    new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value));

  const confirmRestore = async (revision: RevisionListItem) => {
    try {
      await restore({ id: dashboard.id, revisionId: revision.id }).unwrap();
      setConfirming(null);
      setPreviewId(null);
      onOpenChange(false);
      onRestored();
      toggleNotification({
        type: 'success',
        message: t('history.restored', 'Revision {number} has been restored.', { number: revision.number }),
      });
    } catch (failure) {
      setConfirming(null);
      toggleNotification({
        type: 'danger',
        message:
          serverErrorMessage(failure) ?? t('history.restore.error', 'The revision could not be restored.'),
      });
    }
  };

  let body: React.ReactNode;
  if (previewId) {
    body = (
      <RevisionPreview
        dashboardId={dashboard.id}
        revisionId={previewId}
        theme={theme}
        onBack={() => setPreviewId(null)}
      />
    );
  } else if (isError) {
    body = (
      <Typography textColor="danger600">{t('history.error', 'The history could not be loaded.')}</Typography>
    );
  } else if (!data) {
    body = <Loader>{t('history.loading', 'Loading the history.')}</Loader>;
  } else {
    body = (
      <DataTable
        labels={[
          t('history.number', 'Revision'),
          t('history.when', 'When'),
          t('history.who', 'Who'),
          t('history.what', 'What changed'),
          t('history.actions', 'Actions'),
        ]}
        rows={data.data}
        empty={t('history.empty', 'No revision has been kept yet.')}
        data-testid="revision-list"
        renderRow={(revision) => (
          <Tr key={revision.id} data-revision={revision.number}>
            <Td>
              <Typography>{`#${revision.number}`}</Typography>
            </Td>
            <Td>
              <Typography>{time(revision.created_at)}</Typography>
            </Td>
            <Td>
              <Typography>{revision.author_name ?? '—'}</Typography>
            </Td>
            <Td style={{ maxWidth: '36rem', whiteSpace: 'normal' }}>
              <Typography>{summaryWords(revision.changes, t)}</Typography>
            </Td>
            <Td>
              <Flex gap={2}>
                <Button variant="tertiary" size="S" onClick={() => setPreviewId(revision.id)}>
                  {t('history.preview', 'Preview')}
                </Button>
                {revision.is_current ? (
                  <Badge>{t('history.current', 'Current')}</Badge>
                ) : (
                  <Button variant="secondary" size="S" onClick={() => setConfirming(revision)}>
                    {t('history.restore', 'Restore')}
                  </Button>
                )}
              </Flex>
            </Td>
          </Tr>
        )}
      />
    );
  }

  return (
    <>
      <Modal.Root open={open} onOpenChange={onOpenChange}>
        <Modal.Content style={{ maxWidth: '110rem', width: '90vw' }}>
          <Modal.Header>
            <Modal.Title>{t('history.title', 'Version history')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>{body}</Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('history.close', 'Close')}</Button>
            </Modal.Close>
          </Modal.Footer>
        </Modal.Content>
      </Modal.Root>
      <Dialog.Root open={confirming !== null} onOpenChange={(isOpen) => !isOpen && setConfirming(null)}>
        <Dialog.Content>
          <Dialog.Header>{t('home.delete.title', 'Confirmation')}</Dialog.Header>
          <Dialog.Body icon={<WarningCircle width="24px" height="24px" fill="warning600" />}>
            <Dialog.Description textAlign="center">
              {t(
                'history.restore.confirm',
                'Restore revision {number}? The dashboard takes its name, filters, settings, layout and tiles back; this is kept as a new revision.',
                { number: confirming?.number ?? 0 }
              )}
            </Dialog.Description>
          </Dialog.Body>
          <Dialog.Footer>
            <Dialog.Cancel>
              <Button fullWidth variant="tertiary">
                {t('home.dialog.cancel', 'Cancel')}
              </Button>
            </Dialog.Cancel>
            <Button
              fullWidth
              variant="default"
              loading={restoring}
              data-testid="revision-restore-confirm"
              onClick={() => confirming && void confirmRestore(confirming)}
            >
              {t('history.restore', 'Restore')}
            </Button>
          </Dialog.Footer>
        </Dialog.Content>
      </Dialog.Root>
    </>
  );
};
