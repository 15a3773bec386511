import * as React from 'react';

import {
  Badge,
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  IconButton,
  Loader,
  Modal,
  SingleSelect,
  SingleSelectOption,
  Table,
  Tabs,
  Tbody,
  Td,
  Textarea,
  TextInput,
  Toggle,
  Tr,
  Typography,
} from '@strapi/design-system';
import { ArrowClockwise, Duplicate, Trash } from '@strapi/icons';
import { useFetchClient, useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';

import type { Dashboard } from '../../../../contracts/dashboards';
import {
  copyText,
  dashboardPath,
  embedQuery,
  parseDomains,
  type EmbedInfo,
  type EmbedOptions,
  type PublicShare,
  type ShareLink,
} from '../../utils/dashboardActionsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { TableHeader } from '../TableHeader';

interface ShareDialogProps {
  dashboard: Dashboard;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** May change the allowed domains (PUT /:id needs the update permission). */
  canUpdate: boolean;
}

const EXPIRIES = [
  { key: 'never', days: null },
  { key: 'day', days: 1 },
  { key: 'week', days: 7 },
  { key: 'month', days: 30 },
] as const;
type ExpiryKey = (typeof EXPIRIES)[number]['key'];

const PASSWORD_MIN = 8;

/** Copies `text` and tells the user whether it worked. */
const useCopy = () => {
  const message = useT();
  const { toggleNotification } = useNotification();
  return async (text: string) => {
    const copied = await copyText(text);
    toggleNotification({
      type: copied ? 'success' : 'warning',
      message: copied
        ? message('share.copied', 'Copied to the clipboard.')
        : message('share.copyFailed', 'The browser did not allow copying; select the text and copy it.'),
    });
  };
};

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

/** The three tabs' contents, sharing the list of links (the public one is a link too). */
const SharePanels = ({ dashboard, canUpdate }: { dashboard: Dashboard; canUpdate: boolean }) => {
  const message = useT();
  const { get } = useFetchClient();
  const [links, setLinks] = React.useState<ShareLink[] | null>(null);
  const [loadError, setLoadError] = React.useState(false);

  const reload = React.useCallback(async () => {
    try {
      setLinks((await get<ShareLink[]>(dashboardPath(dashboard.id, '/share-links'))).data);
      setLoadError(false);
    } catch {
      setLoadError(true);
    }
  }, [get, dashboard.id]);

  React.useEffect(() => {
    void reload();
  }, [reload]);

  if (loadError) {
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
        <PublicPanel dashboardId={dashboard.id} links={links} onChanged={reload} />
      </Tabs.Content>
      <Tabs.Content value="links">
        <LinksPanel dashboardId={dashboard.id} links={links} onChanged={reload} />
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

/** The public link and share links panels: the dashboard's links, and a reload after a change. */
interface LinkPanelProps {
  dashboardId: string;
  links: ShareLink[];
  onChanged: () => Promise<void>;
}

const PublicPanel = ({ dashboardId, links, onChanged }: LinkPanelProps) => {
  const message = useT();
  const copy = useCopy();
  const { post } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [busy, setBusy] = React.useState(false);
  const publicLink = links.find((link) => link.kind === 'public' && !link.revoked && link.share_url);
  const [url, setUrl] = React.useState<string | null>(publicLink?.share_url ?? null);

  React.useEffect(() => setUrl(publicLink?.share_url ?? null), [publicLink?.share_url]);

  const toggle = async (isPublic: boolean) => {
    setBusy(true);
    try {
      const { data } = await post<PublicShare>(dashboardPath(dashboardId, '/share'), { is_public: isPublic });
      setUrl(data.share_url);
      await onChanged();
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

const LinksPanel = ({ dashboardId, links, onChanged }: LinkPanelProps) => {
  const message = useT();
  const { formatDate } = useIntl();
  const copy = useCopy();
  const { post, del } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [expiry, setExpiry] = React.useState<ExpiryKey>('week');
  const [protect, setProtect] = React.useState(false);
  const [password, setPassword] = React.useState('');
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
      const { data } = await post<ShareLink>(dashboardPath(dashboardId, '/share'), {
        expires_at: days === null ? null : new Date(Date.now() + days * 86_400_000).toISOString(),
        password_protected: protect,
        ...(protect ? { password } : {}),
        access_level: 'view',
      });
      setPassword('');
      await onChanged();
      if (data.share_url) await copy(data.share_url);
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? message('share.links.error', 'The link could not be created.'));
    } finally {
      setBusy(false);
    }
  };

  const act = async (link: ShareLink, action: 'rotate' | 'revoke') => {
    try {
      if (action === 'rotate') await post(dashboardPath(dashboardId, `/share-links/${link.id}/rotate`), {});
      else await del(dashboardPath(dashboardId, `/share-links/${link.id}`));
      toggleNotification({
        type: 'success',
        message:
          action === 'rotate'
            ? message('share.links.rotated', 'The link has a new address; the old one no longer opens.')
            : message('share.links.revoked', 'The link has been revoked.'),
      });
      await onChanged();
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
      {links.length === 0 ? (
        <Typography textColor="neutral600">
          {message('share.links.empty', 'There are no share links yet.')}
        </Typography>
      ) : (
        <Table colCount={7} rowCount={links.length + 1} data-testid="share-links-table">
          <TableHeader
            labels={[
              message('share.links.url', 'Link'),
              message('share.links.expiry', 'Expires'),
              message('share.links.protected', 'Password'),
              message('share.links.accessCount', 'Opened'),
              message('share.links.lastAccess', 'Last opened'),
              message('share.links.status', 'Status'),
              message('share.links.actions', 'Actions'),
            ]}
          />
          <Tbody>
            {links.map((link) => (
              <Tr key={link.id} data-link-id={link.id} data-kind={link.kind}>
                <Td>
                  <Typography title={link.share_url ?? undefined}>
                    {link.kind === 'public' ? `${message('share.links.public', 'Public')} · ` : ''}
                    {link.share_token ? `…/${link.share_token.slice(0, 8)}…` : '—'}
                  </Typography>
                </Td>
                <Td>
                  <Typography>
                    {date(link.expires_at, message('share.links.expiry.never', 'Never'))}
                  </Typography>
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
                  <Typography>
                    {date(link.last_accessed_at, message('share.links.notYet', 'Not yet'))}
                  </Typography>
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
            ))}
          </Tbody>
        </Table>
      )}
    </Flex>
  );
};

const EmbedPanel = ({
  dashboardId,
  initialDomains,
  canUpdate,
}: {
  dashboardId: string;
  initialDomains: string[];
  canUpdate: boolean;
}) => {
  const message = useT();
  const copy = useCopy();
  const { get, put } = useFetchClient();
  const { toggleNotification } = useNotification();
  const [options, setOptions] = React.useState<EmbedOptions>({
    theme: 'light',
    hide_header: false,
    hide_filters: false,
    auto_refresh: false,
  });
  const [embed, setEmbed] = React.useState<EmbedInfo | null>(null);
  const [embedError, setEmbedError] = React.useState<string | undefined>();
  const [domains, setDomains] = React.useState(initialDomains.join('\n'));
  const [domainsError, setDomainsError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);
  const domainsEdited = React.useRef(false);
  const query = embedQuery(options);

  React.useEffect(() => {
    let current = true;
    get<EmbedInfo>(dashboardPath(dashboardId, `/embed${query}`))
      .then(({ data }) => {
        if (!current) return;
        setEmbed(data);
        setEmbedError(undefined);
        // the server's list: the page's copy of the dashboard is not reloaded after a save
        if (!domainsEdited.current) setDomains(data.allowed_domains.join('\n'));
      })
      .catch((error) => {
        if (current)
          setEmbedError(
            serverErrorMessage(error) ?? message('share.embed.error', 'The embed code could not be loaded.')
          );
      });
    return () => {
      current = false;
    };
  }, [get, dashboardId, query, message]);

  const saveDomains = async () => {
    setSaving(true);
    setDomainsError(undefined);
    const allowed = parseDomains(domains);
    try {
      await put(dashboardPath(dashboardId), { embed: { allowed_domains: allowed } });
      setDomains(allowed.join('\n'));
      toggleNotification({
        type: 'success',
        message: message('share.embed.domainsSaved', 'The allowed domains have been saved.'),
      });
    } catch (error) {
      setDomainsError(
        serverErrorMessage(error) ??
          message('share.embed.domainsError', 'The allowed domains could not be saved.')
      );
    } finally {
      setSaving(false);
    }
  };

  const flag = (key: 'hide_header' | 'hide_filters' | 'auto_refresh', label: string) => (
    <Checkbox
      checked={options[key]}
      onCheckedChange={(checked) => setOptions((previous) => ({ ...previous, [key]: checked === true }))}
    >
      {label}
    </Checkbox>
  );

  return (
    <Flex direction="column" alignItems="stretch" gap={4}>
      <Flex gap={6} alignItems="flex-end" wrap="wrap">
        <Field.Root name="theme">
          <Field.Label>{message('share.embed.theme', 'Theme')}</Field.Label>
          <SingleSelect
            value={options.theme}
            onChange={(value: string | number) =>
              setOptions((previous) => ({ ...previous, theme: value as EmbedOptions['theme'] }))
            }
          >
            <SingleSelectOption value="light">
              {message('share.embed.theme.light', 'Light')}
            </SingleSelectOption>
            <SingleSelectOption value="dark">{message('share.embed.theme.dark', 'Dark')}</SingleSelectOption>
          </SingleSelect>
        </Field.Root>
        <Flex gap={4} paddingBottom={3}>
          {flag('hide_header', message('share.embed.hideHeader', 'Hide the header'))}
          {flag('hide_filters', message('share.embed.hideFilters', 'Hide the filters'))}
          {flag('auto_refresh', message('share.embed.autoRefresh', 'Refresh automatically'))}
        </Flex>
      </Flex>
      {embedError ? (
        <Typography textColor="danger600">{embedError}</Typography>
      ) : !embed ? (
        <Loader small>{message('share.embed.loading', 'Loading the embed code.')}</Loader>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Field.Root
            name="iframe_code"
            hint={message('share.embed.expires', 'The embed token expires on {date}.', {
              date: new Date(embed.expires_at).toLocaleString(),
            })}
          >
            <Field.Label>{message('share.embed.code', 'Embed code')}</Field.Label>
            <Textarea readOnly value={embed.iframe_code} data-testid="share-embed-code" />
            <Field.Hint />
          </Field.Root>
          <Flex gap={2}>
            <Button variant="secondary" startIcon={<Duplicate />} onClick={() => copy(embed.iframe_code)}>
              {message('share.embed.copyCode', 'Copy code')}
            </Button>
            <Button variant="tertiary" startIcon={<Duplicate />} onClick={() => copy(embed.embed_url)}>
              {message('share.embed.copyUrl', 'Copy URL')}
            </Button>
          </Flex>
        </Flex>
      )}
      <Field.Root
        name="allowed_domains"
        error={domainsError}
        hint={message(
          'share.embed.domainsHint',
          'One host name per line (such as app.example.com or *.example.com): only these may frame the dashboard.'
        )}
      >
        <Field.Label>{message('share.embed.domains', 'Allowed domains')}</Field.Label>
        <Textarea
          value={domains}
          disabled={!canUpdate}
          onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) => {
            domainsEdited.current = true;
            setDomains(event.target.value);
          }}
        />
        <Field.Hint />
        <Field.Error />
      </Field.Root>
      {canUpdate && (
        <Flex>
          <Button variant="secondary" loading={saving} onClick={saveDomains}>
            {message('share.embed.saveDomains', 'Save domains')}
          </Button>
        </Flex>
      )}
    </Flex>
  );
};
