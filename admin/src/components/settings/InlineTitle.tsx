import * as React from 'react';

import { useNotification } from '@strapi/strapi/admin';
import { styled } from 'styled-components';

import type { Dashboard } from '../../../../contracts/dashboards';
import { useUpdateDashboardMutation } from '../../api/dashboardsApi';
import { serverErrorMessage } from '../../utils/serverError';
import { useT } from '../../utils/translations';

interface InlineTitleProps {
  dashboard: Dashboard;
  /** The name was saved: the page loads the dashboard again. */
  onRenamed: () => void;
}

/** The page title as a button: it looks like the title, and shows it can be clicked. */
const TitleButton = styled.button`
  all: inherit;
  cursor: text;
  border-radius: ${({ theme }) => theme.borderRadius};
  &:hover,
  &:focus-visible {
    outline: 1px dashed ${({ theme }) => theme.colors.neutral500};
    outline-offset: 4px;
  }
`;

/** An input as large as the title it replaces. */
const TitleInput = styled.input`
  font: inherit;
  color: inherit;
  background: ${({ theme }) => theme.colors.neutral0};
  border: 1px solid ${({ theme }) => theme.colors.primary600};
  border-radius: ${({ theme }) => theme.borderRadius};
  padding: 0 ${({ theme }) => theme.spaces[2]};
  width: min(40rem, 60vw);
`;

/**
 * The dashboard's name in the page header, renamed in place: a click turns it into a field; Enter
 * or leaving the field saves it (PUT /dashboards/:id), Escape gives the name back.
 */
export const InlineTitle = ({ dashboard, onRenamed }: InlineTitleProps) => {
  const t = useT();
  const [updateDashboard] = useUpdateDashboardMutation();
  const { toggleNotification } = useNotification();
  const [draft, setDraft] = React.useState<string | null>(null);
  const [shown, setShown] = React.useState(dashboard.name);
  React.useEffect(() => setShown(dashboard.name), [dashboard.name]);

  const save = async () => {
    if (draft === null) return;
    const name = draft.trim();
    setDraft(null);
    if (!name || name === shown) return;
    setShown(name);
    try {
      await updateDashboard({ id: dashboard.id, body: { name } }).unwrap();
      onRenamed();
    } catch (failure) {
      setShown(dashboard.name);
      toggleNotification({
        type: 'danger',
        message:
          serverErrorMessage(failure) ?? t('dashboard.rename.error', 'The dashboard could not be renamed.'),
      });
    }
  };

  if (draft !== null) {
    return (
      <TitleInput
        autoFocus
        value={draft}
        maxLength={255}
        aria-label={t('dashboard.rename.label', 'Dashboard name')}
        data-testid="dashboard-title-input"
        onChange={(event) => setDraft(event.target.value)}
        onBlur={() => void save()}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            void save();
          } else if (event.key === 'Escape') {
            event.preventDefault();
            event.stopPropagation();
            setDraft(null);
          }
        }}
      />
    );
  }
  return (
    <TitleButton
      type="button"
      title={t('dashboard.rename.hint', 'Click to rename')}
      data-testid="dashboard-title"
      onClick={() => setDraft(shown)}
    >
      {shown}
    </TitleButton>
  );
};
