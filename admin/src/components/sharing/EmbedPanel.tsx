import * as React from 'react';

import {
  Box,
  Button,
  Checkbox,
  Field,
  Flex,
  Loader,
  SingleSelect,
  SingleSelectOption,
  Textarea,
  Typography,
} from '@strapi/design-system';
import { Duplicate } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';

import type { EmbedOptions } from '../../../../contracts/sharing';
import { useEmbedQuery, useUpdateDashboardMutation } from '../../api/dashboardsApi';
import { parseDomains } from '../../utils/sharing';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

import { useCopy } from './useCopy';

export const EmbedPanel = ({
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
  const [updateDashboard] = useUpdateDashboardMutation();
  const { toggleNotification } = useNotification();
  const [options, setOptions] = React.useState<EmbedOptions>({
    theme: 'light',
    hide_header: false,
    hide_filters: false,
    auto_refresh: false,
  });
  const [domains, setDomains] = React.useState(initialDomains.join('\n'));
  const [domainsError, setDomainsError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);
  const domainsEdited = React.useRef(false);
  /** The list saved from this panel; before a save, the embed answer's. */
  const [savedDomains, setSavedDomains] = React.useState<string[] | null>(null);
  // the last loaded code stays shown while other options load
  const { data: embed, error, isError } = useEmbedQuery({ id: dashboardId, options });
  const embedError = isError
    ? (serverErrorMessage(error) ?? message('share.embed.error', 'The embed code could not be loaded.'))
    : undefined;

  React.useEffect(() => {
    // the server's list: the page's copy of the dashboard is not reloaded after a save
    if (embed && !domainsEdited.current) setDomains(embed.allowed_domains.join('\n'));
  }, [embed]);

  const saveDomains = async () => {
    setSaving(true);
    setDomainsError(undefined);
    const allowed = parseDomains(domains);
    try {
      await updateDashboard({ id: dashboardId, body: { embed: { allowed_domains: allowed } } }).unwrap();
      setDomains(allowed.join('\n'));
      setSavedDomains(allowed);
      toggleNotification({
        type: 'success',
        message: message('share.embed.domainsSaved', 'The allowed domains have been saved.'),
      });
    } catch (failure) {
      setDomainsError(
        serverErrorMessage(failure) ??
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
          {flag('hide_filters', message('share.embed.hideFilters', 'Read-only filters (a click sets none)'))}
          {flag('auto_refresh', message('share.embed.autoRefresh', 'Refresh automatically'))}
        </Flex>
      </Flex>
      {embedError ? (
        <Typography textColor="danger600">{embedError}</Typography>
      ) : !embed ? (
        <Loader small>{message('share.embed.loading', 'Loading the embed code.')}</Loader>
      ) : (
        <Flex direction="column" alignItems="stretch" gap={2}>
          <Box
            background="warning100"
            borderColor="warning200"
            hasRadius
            padding={3}
            data-testid="share-embed-warnings"
          >
            <Typography variant="pi" tag="p">
              {message(
                'share.embed.expiryWarning',
                'This code stops working on {date}: its token expires. Come back here for a new code before then.',
                { date: new Date(embed.expires_at).toLocaleString() }
              )}
            </Typography>
            {(savedDomains ?? embed.allowed_domains).length === 0 && (
              <Typography variant="pi" tag="p" fontWeight="bold">
                {message(
                  'share.embed.noDomainWarning',
                  'No site may frame this dashboard yet: add the domain of the page that embeds it below.'
                )}
              </Typography>
            )}
          </Box>
          <Field.Root name="iframe_code">
            <Field.Label>{message('share.embed.code', 'Embed code')}</Field.Label>
            <Textarea readOnly value={embed.iframe_code} data-testid="share-embed-code" />
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
