import * as React from 'react';

import { Button, EmptyStateLayout, Flex } from '@strapi/design-system';
import { Plus, Upload } from '@strapi/icons';
import { EmptyDocuments } from '@strapi/icons/symbols';
import { Layouts, Page, useNotification, useRBAC } from '@strapi/strapi/admin';
import { useNavigate } from 'react-router-dom';

import type { DashboardListItem } from '../../../contracts/dashboards';
import { CreateDashboardDialog } from '../components/CreateDashboardDialog';
import { DashboardsPagination } from '../components/DashboardsPagination';
import { DashboardsTable } from '../components/DashboardsTable';
import { DashboardsToolbar } from '../components/DashboardsToolbar';
import { DeleteDashboardDialog } from '../components/DeleteDashboardDialog';
import { ImportDashboardDialog } from '../components/ImportDashboardDialog';
import { PERMISSIONS } from '../permissions';
import { PLUGIN_ID } from '../pluginId';
import { serverErrorMessage } from '../utils/serverError';
import { useT } from '../utils/translations';
import { useDashboardsList } from '../utils/useDashboardsList';
import { useDashboardWrites } from '../utils/useDashboardWrites';

const LIST_PERMISSIONS = [...PERMISSIONS.create, ...PERMISSIONS.delete];

export const HomePage = () => {
  const message = useT();
  const navigate = useNavigate();
  const { toggleNotification } = useNotification();
  const { allowedActions } = useRBAC(LIST_PERMISSIONS);
  const { query, update, setTag, setPage, list, isLoading, isError } = useDashboardsList();
  const writes = useDashboardWrites();
  const [dialog, setDialog] = React.useState<'create' | 'import' | null>(null);
  const [toDelete, setToDelete] = React.useState<DashboardListItem | null>(null);
  const [busyId, setBusyId] = React.useState<string | null>(null);

  const fail = (error: unknown, key: string, defaultMessage: string) =>
    toggleNotification({
      type: 'danger',
      message: serverErrorMessage(error) ?? message(key, defaultMessage),
    });

  const duplicate = async (dashboard: DashboardListItem) => {
    setBusyId(dashboard.id);
    try {
      const copy = await writes.duplicate(dashboard);
      toggleNotification({
        type: 'success',
        message: message('home.duplicate.success', '“{name}” has been created.', { name: copy.name }),
      });
    } catch (error) {
      fail(error, 'home.duplicate.error', 'The dashboard could not be duplicated.');
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (dashboard: DashboardListItem) => {
    setBusyId(dashboard.id);
    try {
      await writes.remove(dashboard);
      toggleNotification({
        type: 'success',
        message: message('home.delete.success', 'The dashboard has been deleted.'),
      });
    } catch (error) {
      fail(error, 'home.delete.error', 'The dashboard could not be deleted.');
    } finally {
      setBusyId(null);
      setToDelete(null);
    }
  };

  // Page.Loading and Page.Error render a whole page (a <main>) of their own, as in Strapi's own pages.
  if (!list && isLoading)
    return <Page.Loading>{message('home.loading', 'Loading dashboards.')}</Page.Loading>;
  if (!list || isError) {
    return (
      <Page.Error content={message('home.error', 'The dashboards could not be loaded. Please try again.')} />
    );
  }

  const title = message('plugin.name', 'Dashboards');
  const filtered = query.search !== '' || query.includeArchived || query.tag !== '';
  const createButton = allowedActions.canCreate && (
    <Button startIcon={<Plus />} onClick={() => setDialog('create')}>
      {message('home.create.button', 'Create dashboard')}
    </Button>
  );

  return (
    <Page.Main data-testid="dashboards-home" aria-busy={isLoading}>
      <Page.Title>{title}</Page.Title>
      <Layouts.Header
        title={title}
        subtitle={message('home.subtitle', 'Charts, KPIs and tables built on your content and databases')}
        primaryAction={
          <Flex gap={2}>
            {allowedActions.canCreate && (
              <Button variant="secondary" startIcon={<Upload />} onClick={() => setDialog('import')}>
                {message('home.import.button', 'Import from JSON')}
              </Button>
            )}
            {createButton}
          </Flex>
        }
      />
      <Layouts.Content>
        {list.pagination.total === 0 && !filtered ? (
          <EmptyStateLayout
            icon={<EmptyDocuments width="16rem" />}
            content={message('home.empty', 'There are no dashboards yet.')}
            action={createButton || undefined}
          />
        ) : (
          <>
            <DashboardsToolbar
              search={query.search}
              onSearch={(search) => update({ search })}
              sort={query.sort}
              onSort={(sort) => update({ sort })}
              includeArchived={query.includeArchived}
              onIncludeArchived={(includeArchived) => update({ includeArchived })}
              tag={query.tag}
              onTag={setTag}
            />
            {list.data.length === 0 ? (
              <EmptyStateLayout
                icon={<EmptyDocuments width="16rem" />}
                content={message('home.noResults', 'No dashboard matches your search.')}
              />
            ) : (
              <DashboardsTable
                dashboards={list.data}
                busyId={busyId}
                onDuplicate={allowedActions.canCreate ? duplicate : undefined}
                onDelete={allowedActions.canDelete ? setToDelete : undefined}
                onTag={setTag}
                activeTag={query.tag}
              />
            )}
            <DashboardsPagination pagination={list.pagination} onPage={setPage} />
          </>
        )}
      </Layouts.Content>
      <CreateDashboardDialog
        open={dialog === 'create'}
        onOpenChange={(open) => setDialog(open ? 'create' : null)}
        onCreate={async (values) => {
          const created = await writes.create(values);
          setDialog(null);
          navigate(`/plugins/${PLUGIN_ID}/${encodeURIComponent(created.id)}`);
        }}
      />
      <ImportDashboardDialog
        open={dialog === 'import'}
        onOpenChange={(open) => setDialog(open ? 'import' : null)}
        onImport={async (body) => {
          const imported = await writes.importJson(body);
          setDialog(null);
          toggleNotification({
            type: 'success',
            message: message('home.import.success', '“{name}” has been imported.', { name: imported.name }),
          });
        }}
      />
      <DeleteDashboardDialog
        dashboard={toDelete}
        isDeleting={toDelete !== null && busyId === toDelete.id}
        onCancel={() => setToDelete(null)}
        onConfirm={remove}
      />
    </Page.Main>
  );
};
