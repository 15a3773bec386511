import { Box, Flex, Link, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import { useListDashboardsQuery } from '../api/dashboardsApi';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../utils/translations';

/** How many dashboards the widget lists. */
export const RECENT_LIMIT = 5;

/** The homepage widget: the caller's most recently updated dashboards, each a link to its page. */
export const RecentDashboardsWidget = () => {
  const { formatDate } = useIntl();
  const message = useT();
  const { currentData, isError } = useListDashboardsQuery({
    sort: 'updated_at',
    order: 'desc',
    limit: String(RECENT_LIMIT),
  });

  if (!isError && !currentData) {
    return <Widget.Loading>{message('widget.recent.loading', 'Loading dashboards.')}</Widget.Loading>;
  }
  if (isError || !currentData) {
    return (
      <Widget.Error>{message('widget.recent.error', 'The dashboards could not be loaded.')}</Widget.Error>
    );
  }
  if (currentData.data.length === 0) {
    return <Widget.NoData>{message('widget.recent.empty', 'There are no dashboards yet.')}</Widget.NoData>;
  }
  return (
    <Flex tag="ul" direction="column" alignItems="stretch" gap={3} data-testid="dashboards-widget">
      {currentData.data.map((dashboard) => (
        <Flex tag="li" key={dashboard.id} justifyContent="space-between" gap={2}>
          <Box minWidth={0}>
            <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/${encodeURIComponent(dashboard.id)}`}>
              {dashboard.name}
            </Link>
            <Typography tag="p" variant="pi" textColor="neutral600">
              {message('widget.recent.tiles', '{count, plural, =0 {No tiles} one {# tile} other {# tiles}}', {
                count: dashboard.tile_count,
              })}
            </Typography>
          </Box>
          <Typography variant="pi" textColor="neutral600" style={{ whiteSpace: 'nowrap' }}>
            {formatDate(dashboard.updated_at, { dateStyle: 'medium' })}
          </Typography>
        </Flex>
      ))}
    </Flex>
  );
};

export default RecentDashboardsWidget;
