import * as React from 'react';

import {
  Button,
  Field,
  Flex,
  Grid,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  TextInput,
  Typography,
} from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { Tile } from '../../../../contracts/dashboards';
import type { SubscriptionKind } from '../../../../contracts/subscriptions';
import { cronPreview } from '../../utils/cronPreview';
import { useT } from '../../utils/translations';

export interface SubscriptionFormValues {
  name: string;
  cron: string;
  timezone: string;
  emails: string;
  slack: string;
  tileId: string;
  operator: 'above' | 'below';
  threshold: number | undefined;
}

export const emptySubscriptionForm = (tileId = ''): SubscriptionFormValues => ({
  name: '',
  cron: '0 9 * * 1-5',
  timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
  emails: '',
  slack: '',
  tileId,
  operator: 'above',
  threshold: undefined,
});

/** The body POST …/subscriptions or …/alerts takes from the form. */
export function subscriptionBody(form: SubscriptionFormValues, kind: SubscriptionKind) {
  const emails = form.emails
    .split(/[\s,;]+/)
    .map((email) => email.trim())
    .filter(Boolean);
  return {
    name: form.name.trim() || null,
    cron: form.cron.trim(),
    timezone: form.timezone.trim() || 'UTC',
    email_to: emails,
    ...(form.slack.trim() ? { slack_webhook_url: form.slack.trim() } : {}),
    ...(kind === 'alert'
      ? { tile_id: form.tileId, operator: form.operator, threshold: form.threshold ?? 0 }
      : {}),
  };
}

interface SubscriptionFormProps {
  kind: SubscriptionKind;
  tiles: Tile[];
  busy: boolean;
  error: string | null;
  onSubmit: (form: SubscriptionFormValues) => void;
}

/** A new subscription (the rule and the recipients) or a new alert (also the tile, operator and threshold). */
export const SubscriptionForm = ({ kind, tiles, busy, error, onSubmit }: SubscriptionFormProps) => {
  const t = useT();
  const { locale } = useIntl();
  const valued = tiles.filter((tile) => tile.tile_type !== 'text');
  const [form, setForm] = React.useState(() => emptySubscriptionForm(valued[0]?.id ?? ''));
  const set = (changes: Partial<SubscriptionFormValues>) =>
    setForm((current) => ({ ...current, ...changes }));
  const preview = cronPreview(form.cron, form.timezone, locale, { count: 1 });

  return (
    <form
      data-testid={`${kind}-form`}
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit(form);
      }}
    >
      <Flex direction="column" alignItems="stretch" gap={4}>
        <Grid.Root gap={4}>
          {kind === 'alert' && (
            <>
              <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                <Field.Root name="tile_id">
                  <Field.Label>{t('subscriptions.tile', 'Tile')}</Field.Label>
                  <SingleSelect value={form.tileId} onChange={(value) => set({ tileId: String(value) })}>
                    {valued.map((tile) => (
                      <SingleSelectOption key={tile.id} value={tile.id}>
                        {tile.title}
                      </SingleSelectOption>
                    ))}
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Field.Root name="operator">
                  <Field.Label>{t('subscriptions.operator', 'When the value is')}</Field.Label>
                  <SingleSelect
                    value={form.operator}
                    onChange={(value) => set({ operator: value === 'below' ? 'below' : 'above' })}
                  >
                    <SingleSelectOption value="above">{t('subscriptions.above', 'above')}</SingleSelectOption>
                    <SingleSelectOption value="below">{t('subscriptions.below', 'below')}</SingleSelectOption>
                  </SingleSelect>
                </Field.Root>
              </Grid.Item>
              <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
                <Field.Root name="threshold">
                  <Field.Label>{t('subscriptions.threshold', 'Threshold')}</Field.Label>
                  <NumberInput value={form.threshold} onValueChange={(value) => set({ threshold: value })} />
                </Field.Root>
              </Grid.Item>
            </>
          )}
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="name">
              <Field.Label>{t('subscriptions.name', 'Name')}</Field.Label>
              <TextInput
                value={form.name}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ name: event.target.value })}
              />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
            <Field.Root
              name="cron"
              hint={
                preview.valid
                  ? preview.description
                  : t('subscriptions.cron.invalid', 'Not a 5-field cron rule')
              }
            >
              <Field.Label>{t('subscriptions.cron', 'Cron rule')}</Field.Label>
              <TextInput
                value={form.cron}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ cron: event.target.value })}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={3} s={6} direction="column" alignItems="stretch">
            <Field.Root name="timezone">
              <Field.Label>{t('subscriptions.timezone', 'Time zone')}</Field.Label>
              <TextInput
                value={form.timezone}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                  set({ timezone: event.target.value })
                }
              />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="email_to" hint={t('subscriptions.emails.hint', 'Separated by commas')}>
              <Field.Label>{t('subscriptions.emails', 'E-mail recipients')}</Field.Label>
              <TextInput
                value={form.emails}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ emails: event.target.value })}
              />
              <Field.Hint />
            </Field.Root>
          </Grid.Item>
          <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
            <Field.Root name="slack_webhook_url">
              <Field.Label>{t('subscriptions.slack', 'Slack incoming-webhook URL')}</Field.Label>
              <TextInput
                value={form.slack}
                type="url"
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => set({ slack: event.target.value })}
              />
            </Field.Root>
          </Grid.Item>
        </Grid.Root>
        {error && (
          <Typography textColor="danger600" role="alert" data-testid="subscription-error">
            {error}
          </Typography>
        )}
        <Flex justifyContent="flex-end">
          <Button type="submit" loading={busy}>
            {kind === 'alert'
              ? t('subscriptions.addAlert', 'Add the alert')
              : t('subscriptions.add', 'Subscribe')}
          </Button>
        </Flex>
      </Flex>
    </form>
  );
};
