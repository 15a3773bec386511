import * as React from 'react';

import { Box, Button, Field, Flex, TextInput, Toggle } from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';

import type { ShareLink } from '../../../../contracts/sharing';
import { useSetPublicMutation } from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

import { useCopy } from './useCopy';

/** The public link and share links panels: the dashboard's links (loaded again after a change). */
export interface LinkPanelProps {
  dashboardId: string;
  links: ShareLink[];
}

export const PublicPanel = ({ dashboardId, links }: LinkPanelProps) => {
  const message = useT();
  const copy = useCopy();
  const [setPublic] = useSetPublicMutation();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const publicLink = links.find((link) => link.kind === 'public' && !link.revoked && link.share_url);
  const [url, setUrl] = React.useState<string | null>(publicLink?.share_url ?? null);

  React.useEffect(() => setUrl(publicLink?.share_url ?? null), [publicLink?.share_url]);

  const toggle = async (isPublic: boolean) => {
    setBusy(true);
    try {
      const data = await setPublic({ id: dashboardId, isPublic }).unwrap();
      setUrl(data.share_url);
    } catch (error) {
      toggleNotification({
        type: 'danger',
        message: serverErrorMessage(error) ?? message('share.error', 'The sharing could not be changed.'),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Field.Root
        name="is_public"
        hint={message(
          'share.public.hint',
          'Anyone with the link sees the latest snapshot, read only. Turning it off revokes every link.'
        )}
      >
        <Field.Label>{message('share.public.label', 'Public access')}</Field.Label>
        <Toggle
          checked={url !== null}
          disabled={busy}
          onLabel={message('share.public.on', 'On')}
          offLabel={message('share.public.off', 'Off')}
          onChange={(event: React.ChangeEvent<HTMLInputElement>) => toggle(event.target.checked)}
        />
        <Field.Hint />
      </Field.Root>
      {url && (
        <Flex gap={2} alignItems="flex-end">
          <Box grow={1}>
            <Field.Root name="share_url">
              <Field.Label>{message('share.public.url', 'Public URL')}</Field.Label>
              <TextInput readOnly value={url} data-testid="share-public-url" />
            </Field.Root>
          </Box>
          <Button variant="secondary" startIcon={<Duplicate />} onClick={() => copy(url)}>
            {message('share.copy', 'Copy link')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
};
