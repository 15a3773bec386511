import * as React from 'react';

import { Field, Grid, TextInput } from '@strapi/design-system';

import { ANALYTICS_ENDPOINTS } from '../../../../contracts/dashboards';
import type { TileForm } from '../../utils/tileConfig';
import { useT } from '../../utils/translations';
import { Choice } from './Choice';

interface AnalyticsSourceFieldsProps {
  form: TileForm;
  onChange: (update: (form: TileForm) => TileForm) => void;
}

/** A CRM analytics source: the endpoint and its parameters. */
export const AnalyticsSourceFields = ({ form, onChange }: AnalyticsSourceFieldsProps) => {
  const t = useT();
  const setAnalytics = (patch: Partial<TileForm['analytics']>) =>
    onChange((current) => ({ ...current, analytics: { ...current.analytics, ...patch } }));
  return (
    <Grid.Root gap={4}>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Choice
          name="endpoint"
          label={t('tileEditor.analytics.endpoint', 'Analytics endpoint')}
          value={form.analytics.endpoint}
          options={ANALYTICS_ENDPOINTS.map((endpoint) => ({ value: endpoint, label: endpoint }))}
          onChange={(value) => setAnalytics({ endpoint: value as TileForm['analytics']['endpoint'] })}
        />
      </Grid.Item>
      <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
        <Field.Root
          name="analytics_params"
          hint={t('tileEditor.analytics.paramsHint', 'As a query string, e.g. period=month&limit=5')}
        >
          <Field.Label>{t('tileEditor.analytics.params', 'Parameters')}</Field.Label>
          <TextInput
            value={form.analytics.params}
            onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
              setAnalytics({ params: event.target.value })
            }
          />
          <Field.Hint />
        </Field.Root>
      </Grid.Item>
    </Grid.Root>
  );
};
