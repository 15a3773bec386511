import { Box, Button, Loader, Modal, Tabs, Typography } from '@strapi/design-system';

import type { Dashboard } from '../../../../contracts/dashboards';
import { useShareLinksQuery } from '../../api/dashboardsApi';
import { useT } from '../../utils/translations';

import { EmbedPanel } from './EmbedPanel';
import { LinksPanel } from './LinksPanel';
import { PublicPanel } from './PublicPanel';

interface ShareDialogProps {
  dashboard: Dashboard;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** May change the allowed domains (PUT /:id needs the update permission). */
  canUpdate: boolean;
}

/** Public on/off, share links and embed code of one dashboard. */
export const ShareDialog = ({ dashboard, open, onOpenChange, canUpdate }: ShareDialogProps) => {
  const message = useT();
  return (
    <Modal.Root open={open} onOpenChange={onOpenChange}>
      <Modal.Content style={{ maxWidth: '110rem' }}>
        <Modal.Header>
          <Modal.Title>{message('share.title', 'Share “{name}”', { name: dashboard.name })}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {open && (
            <Tabs.Root defaultValue="public" data-testid="share-dialog">
              <Tabs.List aria-label={message('share.title', 'Share “{name}”', { name: dashboard.name })}>
                <Tabs.Trigger value="public">{message('share.tab.public', 'Public link')}</Tabs.Trigger>
                <Tabs.Trigger value="links">{message('share.tab.links', 'Share links')}</Tabs.Trigger>
                <Tabs.Trigger value="embed">{message('share.tab.embed', 'Embed')}</Tabs.Trigger>
              </Tabs.List>
              <Box paddingTop={4}>
                <SharePanels dashboard={dashboard} canUpdate={canUpdate} />
              </Box>
            </Tabs.Root>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{message('share.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};

/**
 * The three tabs' contents, sharing the list of links (the public one is a link too), which loads
 * again after every change to the links (the `ShareLink` cache tag).
 */
const SharePanels = ({ dashboard, canUpdate }: { dashboard: Dashboard; canUpdate: boolean }) => {
  const message = useT();
  const { data: links, isError } = useShareLinksQuery(dashboard.id);

  if (isError) {
    return (
      <Typography textColor="danger600">
        {message('share.loadError', 'The share links could not be loaded. Please try again.')}
      </Typography>
    );
  }
  if (!links) return <Loader small>{message('share.loading', 'Loading the share links.')}</Loader>;
  return (
    <>
      <Tabs.Content value="public">
        <PublicPanel dashboardId={dashboard.id} links={links} />
      </Tabs.Content>
      <Tabs.Content value="links">
        <LinksPanel dashboardId={dashboard.id} links={links} />
      </Tabs.Content>
      <Tabs.Content value="embed">
        <EmbedPanel
          dashboardId={dashboard.id}
          initialDomains={dashboard.embed?.allowed_domains ?? []}
          canUpdate={canUpdate}
        />
      </Tabs.Content>
    </>
  );
};
