import { Table, Tbody, Td, Th, Thead, Tr, Typography } from '@strapi/design-system';
import { useIntl } from 'react-intl';

import type { DashboardListItem } from '../../../contracts/dashboards';
import { getTranslationId } from '../utils/translations';

interface DashboardsTableProps {
  dashboards: DashboardListItem[];
}

const COLUMN_COUNT = 4;

export const DashboardsTable = ({ dashboards }: DashboardsTableProps) => {
  const { formatMessage, formatDate } = useIntl();
  const columnHeader = (key: string, defaultMessage: string) => (
    <Th>
      <Typography variant="sigma" textColor="neutral600">
        {formatMessage({ id: getTranslationId(`home.table.${key}`), defaultMessage })}
      </Typography>
    </Th>
  );

  return (
    <Table colCount={COLUMN_COUNT} rowCount={dashboards.length + 1}>
      <Thead>
        <Tr>
          {columnHeader('name', 'Name')}
          {columnHeader('tiles', 'Tiles')}
          {columnHeader('owner', 'Owner')}
          {columnHeader('updated', 'Last updated')}
        </Tr>
      </Thead>
      <Tbody>
        {dashboards.map((dashboard) => (
          <Tr key={dashboard.id}>
            <Td>
              <Typography textColor="neutral800" fontWeight="bold">
                {dashboard.name}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {formatMessage(
                  {
                    id: getTranslationId('home.table.tileCount'),
                    defaultMessage: '{count, plural, =0 {No tiles} one {# tile} other {# tiles}}',
                  },
                  { count: dashboard.tile_count }
                )}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {dashboard.owner_name ??
                  formatMessage({ id: getTranslationId('home.table.noOwner'), defaultMessage: 'No owner' })}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                <time dateTime={dashboard.updated_at}>
                  {formatDate(dashboard.updated_at, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </Typography>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
