import {
  Badge,
  Flex,
  IconButton,
  Link,
  Table,
  Tbody,
  Td,
  Th,
  Thead,
  Tr,
  Typography,
  VisuallyHidden,
} from '@strapi/design-system';
import { Duplicate, Trash } from '@strapi/icons';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';

import type { DashboardListItem } from '../../../contracts/dashboards';
import { PLUGIN_ID } from '../pluginId';
import { useT } from '../utils/translations';

interface DashboardsTableProps {
  dashboards: DashboardListItem[];
  /** Row actions, each shown only when given (the caller checks the RBAC actions). */
  onDuplicate?: (dashboard: DashboardListItem) => void;
  onDelete?: (dashboard: DashboardListItem) => void;
  /** The dashboard an action is running on: its buttons are disabled meanwhile. */
  busyId?: string | null;
}

const COLUMN_COUNT = 5;

export const DashboardsTable = ({ dashboards, onDuplicate, onDelete, busyId }: DashboardsTableProps) => {
  const { formatDate } = useIntl();
  const message = useT();
  const columnHeader = (key: string, defaultMessage: string) => (
    <Th>
      <Typography variant="sigma" textColor="neutral600">
        {message(`home.table.${key}`, defaultMessage)}
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
          <Th>
            <VisuallyHidden>{message('home.table.actions', 'Actions')}</VisuallyHidden>
          </Th>
        </Tr>
      </Thead>
      <Tbody>
        {dashboards.map((dashboard) => (
          <Tr key={dashboard.id} data-dashboard-id={dashboard.id}>
            <Td>
              <Flex gap={2}>
                <Link tag={NavLink} to={`/plugins/${PLUGIN_ID}/${encodeURIComponent(dashboard.id)}`}>
                  <Typography textColor="primary600" fontWeight="bold">
                    {dashboard.name}
                  </Typography>
                </Link>
                {dashboard.is_archived && <Badge>{message('home.table.archived', 'Archived')}</Badge>}
              </Flex>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {message(
                  'home.table.tileCount',
                  '{count, plural, =0 {No tiles} one {# tile} other {# tiles}}',
                  { count: dashboard.tile_count }
                )}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                {dashboard.owner_name ?? message('home.table.noOwner', 'No owner')}
              </Typography>
            </Td>
            <Td>
              <Typography textColor="neutral800">
                <time dateTime={dashboard.updated_at}>
                  {formatDate(dashboard.updated_at, { dateStyle: 'medium', timeStyle: 'short' })}
                </time>
              </Typography>
            </Td>
            <Td>
              <Flex gap={1} justifyContent="flex-end">
                {onDuplicate && (
                  <IconButton
                    variant="ghost"
                    disabled={busyId === dashboard.id}
                    onClick={() => onDuplicate(dashboard)}
                    label={message('home.table.duplicate', 'Duplicate {name}', { name: dashboard.name })}
                  >
                    <Duplicate />
                  </IconButton>
                )}
                {onDelete && dashboard.permissions.can_delete && (
                  <IconButton
                    variant="ghost"
                    disabled={busyId === dashboard.id}
                    onClick={() => onDelete(dashboard)}
                    label={message('home.table.delete', 'Delete {name}', { name: dashboard.name })}
                  >
                    <Trash />
                  </IconButton>
                )}
              </Flex>
            </Td>
          </Tr>
        ))}
      </Tbody>
    </Table>
  );
};
