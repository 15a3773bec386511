import * as React from 'react';

import { Badge, Button, Flex, Modal, Tabs, Td, Tr, Typography } from '@strapi/design-system';
import { Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';

import type { Dashboard } from '../../../../contracts/dashboards';
import type { Subscription, SubscriptionKind } from '../../../../contracts/subscriptions';
import {
  useDeleteSubscriptionMutation,
  useSaveSubscriptionMutation,
  useSubscriptionsQuery,
} from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { DataTable } from '../DataTable';
import { SubscriptionForm, subscriptionBody, type SubscriptionFormValues } from './SubscriptionForm';

interface SubscriptionsDialogProps {
  dashboard: Dashboard;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The tabs the caller's role allows (the subscribe and alert actions). */
  kinds: SubscriptionKind[];
}

/** One kind's list (the caller's own) and its form. */
const KindPanel = ({ dashboard, kind }: { dashboard: Dashboard; kind: SubscriptionKind }) => {
  const t = useT();
  const { locale } = useIntl();
  const { data } = useSubscriptionsQuery({ id: dashboard.id, kind });
  const [save, { isLoading: saving }] = useSaveSubscriptionMutation();
  const [remove] = useDeleteSubscriptionMutation();
  const [error, setError] = React.useState<string | null>(null);
  const [formKey, setFormKey] = React.useState(0);
  const time = (value: string | null) =>
    value
      ? new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(value))
      : '—';
  const titleOf = (tileId: string | null | undefined) =>
    dashboard.tiles.find((tile) => tile.id === tileId)?.title ?? '—';

  const submit = async (form: SubscriptionFormValues) => {
    setError(null);
    try {
      await save({ id: dashboard.id, kind, body: subscriptionBody(form, kind) }).unwrap();
      setFormKey((key) => key + 1);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? t('subscriptions.error', 'It could not be saved.'));
    }
  };

  const what = (entry: Subscription) =>
    kind === 'alert'
      ? `${titleOf(entry.tile_id)} ${t(`subscriptions.${entry.operator ?? 'above'}`, entry.operator ?? 'above')} ${entry.threshold}`
      : (entry.name ?? dashboard.name);
  const recipients = (entry: Subscription) =>
    [...entry.email_to, ...(entry.slack ? ['Slack'] : [])].join(', ') || '—';

  return (
    <Flex direction="column" alignItems="stretch" gap={6} paddingTop={4}>
      <DataTable
        labels={[
          kind === 'alert' ? t('subscriptions.rule', 'Rule') : t('subscriptions.name', 'Name'),
          t('subscriptions.cron', 'Cron rule'),
          t('subscriptions.recipients', 'Recipients'),
          t('subscriptions.last', 'Last delivery'),
          t('history.actions', 'Actions'),
        ]}
        rows={data?.data ?? []}
        empty={
          kind === 'alert'
            ? t('subscriptions.alerts.empty', 'You have no alert on this dashboard.')
            : t('subscriptions.empty', 'You are not subscribed to this dashboard.')
        }
        data-testid={`${kind}-list`}
        renderRow={(entry) => {
          const last = entry.deliveries[0];
          return (
            <Tr key={entry.id}>
              <Td>
                <Flex gap={2}>
                  <Typography>{what(entry)}</Typography>
                  {kind === 'alert' && entry.breached && (
                    <Badge active>{t('subscriptions.breached', 'Firing')}</Badge>
                  )}
                </Flex>
              </Td>
              <Td>
                <Typography>{`${entry.cron} (${entry.timezone})`}</Typography>
              </Td>
              <Td>
                <Typography>{recipients(entry)}</Typography>
              </Td>
              <Td style={{ maxWidth: '24rem' }}>
                <Typography ellipsis title={last?.summary}>
                  {last
                    ? `${time(last.fire_time)} · ${t(`subscriptions.event.${last.event}`, last.event)} · ${t(`subscriptions.status.${last.status}`, last.status)}`
                    : '—'}
                </Typography>
              </Td>
              <Td>
                <Button
                  variant="danger-light"
                  size="S"
                  startIcon={<Trash />}
                  onClick={() => void remove({ id: dashboard.id, kind, subscriptionId: entry.id })}
                >
                  {t('subscriptions.delete', 'Delete')}
                </Button>
              </Td>
            </Tr>
          );
        }}
      />
      <SubscriptionForm
        key={formKey}
        kind={kind}
        tiles={dashboard.tiles}
        busy={saving}
        error={error}
        onSubmit={(form) => void submit(form)}
      />
    </Flex>
  );
};

/** Subscriptions (the dashboard's figures sent on a rule) and alerts (a value past a threshold). */
export const SubscriptionsDialog = ({ dashboard, open, onOpenChange, kinds }: SubscriptionsDialogProps) => {
  const t = useT();
  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content style={{ maxWidth: '110rem', width: '90vw' }}>
        <Modal.Header>
          <Modal.Title>{t('subscriptions.title', 'Subscriptions and alerts')}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          <Typography textColor="neutral600">
            {t(
              'subscriptions.intro',
              'Messages carry the figures as you may see them when they are sent. Alerts notify once when a value crosses its threshold, and once when it comes back.'
            )}
          </Typography>
          <Tabs.Root defaultValue={kinds[0]}>
            <Tabs.List>
              {kinds.includes('digest') && (
                <Tabs.Trigger value="digest">{t('subscriptions.tab.digest', 'Subscriptions')}</Tabs.Trigger>
              )}
              {kinds.includes('alert') && (
                <Tabs.Trigger value="alert">{t('subscriptions.tab.alert', 'Alerts')}</Tabs.Trigger>
              )}
            </Tabs.List>
            {kinds.map((kind) => (
              <Tabs.Content key={kind} value={kind}>
                <KindPanel dashboard={dashboard} kind={kind} />
              </Tabs.Content>
            ))}
          </Tabs.Root>
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('history.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
