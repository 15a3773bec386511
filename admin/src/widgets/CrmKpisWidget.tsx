import { Flex, Grid, Typography } from '@strapi/design-system';
import { useRBAC, Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { AnalyticsStats } from '../../../contracts/analytics';
import { useAnalyticsStatsQuery } from '../api/dashboardsApi';
import { useT } from '../utils/translations';
import { SCOPE_PERMISSIONS } from './permissions';

type Stats = Pick<
  AnalyticsStats,
  'newLeadsThisPeriod' | 'openOpportunityValue' | 'wonDealValue' | 'conversionRate'
>;

const FIGURES: { key: keyof Stats; defaultMessage: string; percent?: boolean }[] = [
  { key: 'newLeadsThisPeriod', defaultMessage: 'New leads' },
  { key: 'openOpportunityValue', defaultMessage: 'Open pipeline value' },
  { key: 'wonDealValue', defaultMessage: 'Won revenue' },
  { key: 'conversionRate', defaultMessage: 'Lead conversion', percent: true },
];

type Scope = 'all' | 'department' | 'team' | 'own';

const Loading = () => {
  const message = useT();
  return <Widget.Loading>{message('widget.kpis.loading', 'Loading the figures.')}</Widget.Loading>;
};

/** The homepage widget: the caller's key CRM figures over the last 30 days, in its widest analytics scope. */
export const CrmKpisWidget = () => {
  const { allowedActions, isLoading } = useRBAC(SCOPE_PERMISSIONS);
  if (isLoading) return <Loading />;
  const scope: Scope = allowedActions.canAll
    ? 'all'
    : allowedActions.canDepartment
      ? 'department'
      : allowedActions.canTeam
        ? 'team'
        : 'own';
  return <Figures scope={scope} />;
};

const Figures = ({ scope }: { scope: Scope }) => {
  const { formatNumber } = useIntl();
  const message = useT();
  const { currentData, isError } = useAnalyticsStatsQuery(scope);

  if (!isError && !currentData) return <Loading />;
  if (isError || !currentData) {
    return (
      <Widget.Error>{message('widget.kpis.error', 'The CRM figures could not be loaded.')}</Widget.Error>
    );
  }
  return (
    <Flex direction="column" alignItems="stretch" gap={3} data-testid="crm-kpis-widget" data-scope={scope}>
      <Grid.Root gap={3}>
        {FIGURES.map((figure) => {
          const value = currentData[figure.key];
          return (
            <Grid.Item
              key={figure.key}
              col={6}
              direction="column"
              alignItems="flex-start"
              data-kpi={figure.key}
            >
              <Typography variant="pi" textColor="neutral600">
                {message(`widget.kpis.${figure.key}`, figure.defaultMessage)}
              </Typography>
              <Typography variant="beta" tag="p" data-value>
                {figure.percent
                  ? formatNumber(value / 100, { style: 'percent', maximumFractionDigits: 1 })
                  : formatNumber(value, { maximumFractionDigits: 0 })}
              </Typography>
            </Grid.Item>
          );
        })}
      </Grid.Root>
      <Typography variant="pi" textColor="neutral600">
        {message('widget.kpis.period', 'Last 30 days, scope: {scope}', { scope })}
      </Typography>
    </Flex>
  );
};

export default CrmKpisWidget;
