import * as React from 'react';

import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  SingleSelect,
  SingleSelectOption,
  Td,
  TextInput,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Duplicate, Trash } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { ShareLink } from '../../../../contracts/sharing';
import {
  useCreateShareLinkMutation,
  useRevokeShareLinkMutation,
  useRotateShareLinkMutation,
} from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { DataTable } from '../DataTable';

import type { LinkPanelProps } from './PublicPanel';
import { useCopy } from './useCopy';

const EXPIRIES = [
  { key: 'never', days: null },
  { key: 'day', days: 1 },
  { key: 'week', days: 7 },
  { key: 'month', days: 30 },
] as const;
type ExpiryKey = (typeof EXPIRIES)[number]['key'];

const PASSWORD_MIN = 8;

export const LinksPanel = ({ dashboardId, links }: LinkPanelProps) => {
  const message = useT();
  const { formatDate } = useIntl();
  const copy = useCopy();
  const [createLink] = useCreateShareLinkMutation();
  const [rotateLink] = useRotateShareLinkMutation();
  const [revokeLink] = useRevokeShareLinkMutation();
  const { toggleNotification } = useNotification();
  const [expiry, setExpiry] = React.useState<ExpiryKey>('week');
  const [protect, setProtect] = React.useState(false);
  const [password, setPassword] = React.useState('');
  const [downloads, setDownloads] = React.useState(false);
  const [error, setError] = React.useState<string | undefined>();
  const [busy, setBusy] = React.useState(false);

  const date = (value: string | null, none: string) =>
    value ? formatDate(value, { dateStyle: 'medium', timeStyle: 'short' }) : none;

  const create = async (event: React.FormEvent) => {
    event.preventDefault();
    if (protect && password.length < PASSWORD_MIN) {
      setError(
        message('share.links.passwordShort', 'The password needs at least {min} characters.', {
          min: PASSWORD_MIN,
        })
      );
      return;
    }
    setBusy(true);
    setError(undefined);
    const days = EXPIRIES.find((option) => option.key === expiry)?.days ?? null;
    try {
      const body = {
        expires_at: days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
        password_protected: protect,
        ...(protect ? { password } : {}),
        access_level: downloads ? 'download' : 'view',
      };
      const data = await createLink({ id: dashboardId, body }).unwrap();
      setPassword('');
      if (data.share_url) await copy(data.share_url);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? message('share.links.error', 'The link could not be created.'));
    } finally {
      setBusy(false);
    }
  };

  const act = async (link: ShareLink, action: 'rotate' | 'revoke') => {
    try {
      const request = action === 'rotate' ? rotateLink : revokeLink;
      await request({ id: dashboardId, linkId: link.id }).unwrap();
      toggleNotification({
        type: 'success',
        message:
          action === 'rotate'
            ? message('share.links.rotated', 'The link has a new address; the old one no longer opens.')
            : message('share.links.revoked', 'The link has been revoked.'),
      });
    } catch (failure) {
      toggleNotification({
        type: 'danger',
        message: serverErrorMessage(failure) ?? message('share.error', 'The sharing could not be changed.'),
      });
    }
  };

  const statusOf = (link: ShareLink) => {
    if (link.revoked) return message('share.links.status.revoked', 'Revoked');
    if (link.expires_at && new Date(link.expires_at).getTime() <= Date.now()) {
      return message('share.links.status.expired', 'Expired');
    }
    return message('share.links.status.active', 'Active');
  };

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <form noValidate onSubmit={create} data-testid="share-link-form">
        <Flex gap={4} alignItems="flex-end" wrap="wrap">
          <Field.Root name="expires">
            <Field.Label>{message('share.links.expiry', 'Expires')}</Field.Label>
            <SingleSelect value={expiry} onChange={(value: string | number) => setExpiry(value as ExpiryKey)}>
              {EXPIRIES.map((option) => (
                <SingleSelectOption key={option.key} value={option.key}>
                  {message(`share.links.expiry.${option.key}`, option.key)}
                </SingleSelectOption>
              ))}
            </SingleSelect>
          </Field.Root>
          <Box paddingBottom={3}>
            <Checkbox checked={protect} onCheckedChange={(checked) => setProtect(checked === true)}>
              {message('share.links.protect', 'Password')}
            </Checkbox>
          </Box>
          <Box paddingBottom={3}>
            <Checkbox checked={downloads} onCheckedChange={(checked) => setDownloads(checked === true)}>
              {message('share.links.downloads', 'Allow PNG downloads')}
            </Checkbox>
          </Box>
          {protect && (
            <Field.Root name="password" error={error}>
              <Field.Label>{message('share.links.password', 'Password')}</Field.Label>
              <TextInput
                type="password"
                autoComplete="new-password"
                value={password}
                onChange={(event: React.ChangeEvent<HTMLInputElement>) => setPassword(event.target.value)}
              />
            </Field.Root>
          )}
          <Button type="submit" loading={busy}>
            {message('share.links.create', 'Create link')}
          </Button>
        </Flex>
        {error && (
          <Box paddingTop={2}>
            <Typography variant="pi" textColor="danger600" role="alert">
              {error}
            </Typography>
          </Box>
        )}
      </form>
      <DataTable
        labels={[
          message('share.links.url', 'Link'),
          message('share.links.expiry', 'Expires'),
          message('share.links.protected', 'Password'),
          message('share.links.accessCount', 'Opened'),
          message('share.links.lastAccess', 'Last opened'),
          message('share.links.status', 'Status'),
          message('share.links.actions', 'Actions'),
        ]}
        rows={links}
        empty={message('share.links.empty', 'There are no share links yet.')}
        data-testid="share-links-table"
        renderRow={(link) => (
          <Tr key={link.id} data-link-id={link.id} data-kind={link.kind}>
            <Td>
              {link.kind === 'public' && (
                <Typography variant="sigma">{message('share.links.public', 'Public')}</Typography>
              )}
              <Typography
                tag="p"
                variant="pi"
                data-testid="share-link-url"
                style={{
                  display: 'block',
                  width: '28rem',
                  whiteSpace: 'normal',
                  wordBreak: 'break-all',
                  fontFamily: 'monospace',
                  userSelect: 'all',
                }}
              >
                {link.revoked ? `…/${link.share_token?.slice(0, 8) ?? ''}…` : (link.share_url ?? '—')}
              </Typography>
            </Td>
            <Td>
              <Typography>{date(link.expires_at, message('share.links.expiry.never', 'Never'))}</Typography>
            </Td>
            <Td>
              <Typography>
                {link.password_protected
                  ? message('share.links.yes', 'Yes')
                  : message('share.links.no', 'No')}
              </Typography>
            </Td>
            <Td>
              <Typography data-testid="share-link-count">{link.access_count}</Typography>
            </Td>
            <Td>
              <Typography>{date(link.last_accessed_at, message('share.links.notYet', 'Not yet'))}</Typography>
            </Td>
            <Td>
              <Badge active={!link.revoked}>{statusOf(link)}</Badge>
            </Td>
            <Td>
              {!link.revoked && link.share_url && (
                <Flex gap={1}>
                  <IconButton
                    label={message('share.copy', 'Copy link')}
                    onClick={() => copy(link.share_url!)}
                  >
                    <Duplicate />
                  </IconButton>
                  <IconButton
                    label={message('share.links.rotate', 'Rotate')}
                    onClick={() => act(link, 'rotate')}
                  >
                    <ArrowClockwise />
                  </IconButton>
                  <IconButton
                    label={message('share.links.revoke', 'Revoke')}
                    onClick={() => act(link, 'revoke')}
                  >
                    <Trash />
                  </IconButton>
                </Flex>
              )}
            </Td>
          </Tr>
        )}
      />
    </Flex>
  );
};
