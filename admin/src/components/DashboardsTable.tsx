import * as React from 'react';

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
  /** A click on a dashboard's tag filters the list by it. */
  onTag?: (tag: string) => void;
  /** The tag the list is filtered by: its badges stand out. */
  activeTag?: string;
}

/** A tag's badge, a button when it filters the list. */
const TAG_BUTTON_STYLE: React.CSSProperties = {
  border: 0,
  padding: 0,
  background: 'none',
  cursor: 'pointer',
  lineHeight: 0,
};

const COLUMN_COUNT = 5;

export const DashboardsTable = ({
  dashboards,
  onDuplicate,
  onDelete,
  busyId,
  onTag,
  activeTag,
}: DashboardsTableProps) => {
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
              {dashboard.tags.length > 0 && (
                <Flex gap={1} wrap="wrap" paddingTop={1} data-testid="dashboard-tags">
                  {dashboard.tags.map((tag) => {
                    const active = activeTag?.toLowerCase() === tag.toLowerCase();
                    const badge = (
                      <Badge
                        size="S"
                        backgroundColor={active ? 'primary600' : 'primary100'}
                        textColor={active ? 'neutral0' : 'primary700'}
                      >
                        {tag}
                      </Badge>
                    );
                    return onTag ? (
                      <button
                        key={tag}
                        type="button"
                        style={TAG_BUTTON_STYLE}
                        aria-pressed={active}
                        title={message('home.table.filterByTag', 'Show the dashboards tagged “{tag}”', {
                          tag,
                        })}
                        onClick={() => onTag(tag)}
                      >
                        {badge}
                      </button>
                    ) : (
                      <React.Fragment key={tag}>{badge}</React.Fragment>
                    );
                  })}
                </Flex>
              )}
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
