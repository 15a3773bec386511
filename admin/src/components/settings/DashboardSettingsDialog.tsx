import * as React from 'react';

import {
  Box,
  Button,
  Field,
  Flex,
  Modal,
  NumberInput,
  SingleSelect,
  SingleSelectOption,
  Tabs,
  Textarea,
  TextInput,
  Typography,
} from '@strapi/design-system';

import type { Dashboard } from '../../../../contracts/dashboards';
import { useUpdateDashboardMutation } from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';
import { DiscardChangesDialog } from '../DiscardChangesDialog';
import { FilterEditor } from './FilterEditor';
import { TagsField } from './TagsField';
import { formProblem, settingsBody, settingsFormOf, settingsTiles, type SettingsForm } from './settingsForm';

interface DashboardSettingsDialogProps {
  dashboard: Dashboard;
  onClose: () => void;
  /** The dashboard (and maybe some tiles) changed on the server: load it again. */
  onSaved: () => void;
}

/** The intervals the refresh menu offers, in seconds (the server takes 10 to 86400). */
const REFRESH_CHOICES = [30, 60, 300, 900, 3600] as const;
const MAX_COLUMNS = 24;

/**
 * The dashboard's settings from its page header: name, description, columns, theme, auto-refresh,
 * and its filters with the tiles each one reaches. Saved with PUT /dashboards/:id, then one PUT a
 * tile whose content-type filters or analytics parameters the bindings change.
 */
export const DashboardSettingsDialog = ({ dashboard, onClose, onSaved }: DashboardSettingsDialogProps) => {
  const t = useT();
  const [updateDashboard] = useUpdateDashboardMutation();
  const [form, setForm] = React.useState<SettingsForm>(() => settingsFormOf(dashboard));
  /** The form as it opened: any other form is unsaved work that closing would lose. */
  const [pristine] = React.useState(() => JSON.stringify(form));
  const dirty = JSON.stringify(form) !== pristine;
  /** Escape, a click outside or Cancel with unsaved work: "Discard your changes?" is open. */
  const [confirmingDiscard, setConfirmingDiscard] = React.useState(false);
  const requestClose = () => {
    if (dirty) setConfirmingDiscard(true);
    else onClose();
  };
  const [error, setError] = React.useState<string | undefined>();
  const [saving, setSaving] = React.useState(false);
  const update = (change: Partial<SettingsForm>) => {
    setForm((current) => ({ ...current, ...change }));
    setError(undefined);
  };

  const problemMessages: Record<string, string> = {
    name: t('settings.required.name', 'A name is required.'),
    filterLabel: t('settings.filter.required.label', 'Each filter needs a label.'),
    filterId: t(
      'settings.filter.invalid.id',
      'A filter’s parameter name starts with a lowercase letter, then lowercase letters, digits or _.'
    ),
    filterDuplicate: t('settings.filter.invalid.duplicate', 'Two filters have the same parameter name.'),
    filterOptions: t('settings.filter.required.options', 'A value list needs at least one value.'),
  };

  const save = async (event: React.FormEvent) => {
    event.preventDefault();
    const problem = formProblem(form);
    if (problem) {
      setError(problemMessages[problem.key]);
      return;
    }
    setSaving(true);
    setError(undefined);
    try {
      const tiles = settingsTiles(dashboard, form);
      await updateDashboard({
        id: dashboard.id,
        body: { ...settingsBody(form), ...(tiles ? { tiles } : {}) },
      }).unwrap();
      onSaved();
    } catch (failure) {
      setError(serverErrorMessage(failure) ?? t('settings.save.error', 'The settings could not be saved.'));
    } finally {
      setSaving(false);
    }
  };

  const refreshValue = form.refresh === null ? 'off' : String(form.refresh);
  const refreshChoices: number[] = [...REFRESH_CHOICES];
  if (form.refresh !== null && !refreshChoices.includes(form.refresh)) refreshChoices.push(form.refresh);

  return (
    <Modal.Root open onOpenChange={(open) => !open && requestClose()}>
      <Modal.Content style={{ width: 'min(1100px, 95vw)', maxWidth: '95vw' }}>
        <form noValidate onSubmit={save} data-testid="dashboard-settings">
          <Modal.Header>
            <Modal.Title>{t('settings.title', 'Dashboard settings')}</Modal.Title>
          </Modal.Header>
          <Modal.Body>
            <Tabs.Root defaultValue="general">
              <Tabs.List aria-label={t('settings.title', 'Dashboard settings')}>
                <Tabs.Trigger value="general">{t('settings.tab.general', 'General')}</Tabs.Trigger>
                <Tabs.Trigger value="filters">
                  {t('settings.tab.filters', 'Filters ({count})', { count: form.filters.length })}
                </Tabs.Trigger>
              </Tabs.List>
              <Tabs.Content value="general">
                <Flex direction="column" alignItems="stretch" gap={4} paddingTop={4}>
                  <Field.Root name="name" required>
                    <Field.Label>{t('settings.name', 'Name')}</Field.Label>
                    <TextInput
                      value={form.name}
                      maxLength={255}
                      onChange={(event: React.ChangeEvent<HTMLInputElement>) =>
                        update({ name: event.target.value })
                      }
                    />
                  </Field.Root>
                  <Field.Root name="description">
                    <Field.Label>{t('settings.description', 'Description')}</Field.Label>
                    <Textarea
                      value={form.description}
                      onChange={(event: React.ChangeEvent<HTMLTextAreaElement>) =>
                        update({ description: event.target.value })
                      }
                    />
                  </Field.Root>
                  <TagsField value={form.tags ?? []} onChange={(tags) => update({ tags })} />
                  <Flex gap={4} alignItems="flex-start" wrap="wrap">
                    <Box style={{ width: '10rem' }}>
                      <Field.Root name="columns" hint={t('settings.columns.hint', '1 to 24')}>
                        <Field.Label>{t('settings.columns', 'Columns')}</Field.Label>
                        <NumberInput
                          value={form.columns}
                          onValueChange={(value: number | undefined) =>
                            update({
                              columns: Math.min(MAX_COLUMNS, Math.max(1, Math.round(value ?? form.columns))),
                            })
                          }
                        />
                        <Field.Hint />
                      </Field.Root>
                    </Box>
                    <Box style={{ width: '16rem' }}>
                      <Field.Root name="theme">
                        <Field.Label>{t('settings.theme', 'Theme')}</Field.Label>
                        <SingleSelect
                          value={form.theme}
                          onChange={(value) => update({ theme: value === 'dark' ? 'dark' : 'light' })}
                        >
                          <SingleSelectOption value="light">
                            {t('settings.theme.light', 'Light')}
                          </SingleSelectOption>
                          <SingleSelectOption value="dark">
                            {t('settings.theme.dark', 'Dark')}
                          </SingleSelectOption>
                        </SingleSelect>
                      </Field.Root>
                    </Box>
                    <Box style={{ width: '26rem' }}>
                      <Field.Root name="refresh">
                        <Field.Label>{t('settings.refresh', 'Refresh automatically')}</Field.Label>
                        <SingleSelect
                          value={refreshValue}
                          onChange={(value) => update({ refresh: value === 'off' ? null : Number(value) })}
                        >
                          <SingleSelectOption value="off">
                            {t('settings.refresh.off', 'Never')}
                          </SingleSelectOption>
                          {refreshChoices.map((seconds) => (
                            <SingleSelectOption key={seconds} value={String(seconds)}>
                              {seconds % 60 === 0
                                ? t(
                                    'settings.refresh.minutes',
                                    'Every {count, plural, one {minute} other {# minutes}}',
                                    {
                                      count: seconds / 60,
                                    }
                                  )
                                : t('settings.refresh.seconds', 'Every {count} seconds', { count: seconds })}
                            </SingleSelectOption>
                          ))}
                        </SingleSelect>
                      </Field.Root>
                    </Box>
                  </Flex>
                </Flex>
              </Tabs.Content>
              <Tabs.Content value="filters">
                <Box paddingTop={4}>
                  <FilterEditor
                    dashboard={dashboard}
                    filters={form.filters}
                    onChange={(filters) => update({ filters })}
                  />
                </Box>
              </Tabs.Content>
            </Tabs.Root>
            {error && (
              <Box paddingTop={4}>
                <Typography variant="omega" textColor="danger600" role="alert" data-testid="settings-error">
                  {error}
                </Typography>
              </Box>
            )}
          </Modal.Body>
          <Modal.Footer>
            <Modal.Close>
              <Button variant="tertiary">{t('settings.cancel', 'Cancel')}</Button>
            </Modal.Close>
            <Button type="submit" loading={saving}>
              {t('settings.save', 'Save the settings')}
            </Button>
          </Modal.Footer>
        </form>
      </Modal.Content>
      <DiscardChangesDialog
        open={confirmingDiscard}
        onOpenChange={setConfirmingDiscard}
        onDiscard={onClose}
        description={t(
          'settings.discard.body',
          'The changes made to the dashboard’s settings have not been saved.'
        )}
        testId="settings-discard"
      />
    </Modal.Root>
  );
};
