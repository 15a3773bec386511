import type { SnapshotPayload, Theme, ViewerDashboard } from '../../admin/src/charts';
import { supportedLocale, translator, type Translate } from '../../admin/src/charts/i18n';
import { fetchShared, type Fetched } from './api';
import { renderDashboard, type ClickedFilter, type DashboardView } from './dashboard';
import { readOptions, type ViewerOptions } from './options';
import { showMessage, showPasswordForm, type PasswordForm } from './screens';
import './viewer.css';

/**
 * The public read-only dashboard page: fetches the shared structure and its latest snapshot,
 * asks for the share password when the link has one, and draws every tile.
 */
const MIN_REFRESH_SECONDS = 30;
const DEFAULT_REFRESH_SECONDS = 300;

type Failure = Exclude<Fetched<unknown>, { kind: 'ok' }>;

const retryText = (t: Translate, seconds: number | null) =>
  seconds ? t('viewer.retryIn', { seconds }) : t('viewer.retryLater');

function applyTheme(root: HTMLElement, theme: Theme) {
  for (const target of [document.documentElement, root]) {
    target.classList.remove('dv-theme-light', 'dv-theme-dark');
    target.classList.add(`dv-theme-${theme}`);
  }
}

/**
 * The page's language is the one the viewer writes in (the server's shell cannot know it, and says
 * `en`): what screen readers, hyphenation and translation tools go by.
 */
const setLanguage = (locale: string) => {
  document.documentElement.lang = supportedLocale(locale);
};

function startViewer(root: HTMLElement, options: ViewerOptions) {
  setLanguage(options.locale);
  const t = translator(options.locale);
  let password: string | null = null;
  let passwordForm: PasswordForm | null = null;
  let view: DashboardView | null = null;
  let refreshTimer: number | undefined;
  /** The click filter in force: its value's snapshot is what the tiles show. */
  let clicked: ClickedFilter | null = null;
  /** The snapshot the tiles show. */
  let shown: SnapshotPayload | null = null;
  const show = (snapshot: SnapshotPayload | null, loadFailed = false) => {
    shown = snapshot;
    view?.update(snapshot, loadFailed);
  };

  const dataUrl = () => {
    if (!clicked) return options.dataUrl;
    const separator = options.dataUrl.includes('?') ? '&' : '?';
    return `${options.dataUrl}${separator}${encodeURIComponent(`params[${clicked.id}]`)}=${encodeURIComponent(clicked.value)}`;
  };

  applyTheme(root, options.theme ?? 'light');

  function showFailure(failure: Failure) {
    if (refreshTimer !== undefined) window.clearInterval(refreshTimer);
    view?.destroy();
    view = null;
    switch (failure.kind) {
      case 'password-required':
        passwordForm = askPassword();
        return;
      case 'wrong-password':
        // also when a refresh finds the password changed
        passwordForm ??= askPassword();
        passwordForm.setBusy(false);
        passwordForm.showError(t('viewer.password.wrong'));
        return;
      case 'rate-limited':
        if (passwordForm) {
          passwordForm.setBusy(false);
          passwordForm.showError(retryText(t, failure.retryAfterSeconds));
        } else {
          showMessage(root, t('viewer.rateLimited'), retryText(t, failure.retryAfterSeconds));
        }
        return;
      case 'not-found':
        showMessage(root, t('viewer.notFound'));
        return;
      case 'expired':
        showMessage(root, t('viewer.expired'));
        return;
      case 'failed':
        showMessage(root, t('viewer.failed'), t('viewer.failedDetail'));
    }
  }

  function askPassword(): PasswordForm {
    return showPasswordForm(root, t, (typed) => {
      password = typed;
      void load().catch(showUnexpected);
    });
  }

  /** The latest snapshot; a dashboard not snapshotted yet (404) has none. */
  async function loadSnapshot(): Promise<{ snapshot: SnapshotPayload | null; failure: Failure | null }> {
    const result = await fetchShared<SnapshotPayload>(dataUrl(), password);
    if (result.kind === 'ok') return { snapshot: result.body, failure: null };
    if (result.kind === 'not-found') return { snapshot: null, failure: null };
    return { snapshot: null, failure: result };
  }

  async function refresh() {
    if (!view || document.hidden) return;
    const { snapshot, failure } = await loadSnapshot();
    if (!failure) show(snapshot);
    else if (failure.kind === 'failed' || failure.kind === 'rate-limited') return;
    else showFailure(failure);
  }

  async function load() {
    passwordForm?.setBusy(true);
    const structure = await fetchShared<ViewerDashboard>(options.structureUrl, password);
    if (structure.kind !== 'ok') {
      showFailure(structure);
      return;
    }
    const { snapshot, failure } = await loadSnapshot();
    if (failure && failure.kind !== 'failed') {
      showFailure(failure);
      return;
    }
    const dashboard = structure.body;
    const theme = options.theme ?? dashboard.settings?.theme ?? 'light';
    applyTheme(root, theme);
    passwordForm = null;
    const clickable = !options.hideFilters && (dashboard.click_filters ?? []).length > 0;
    view = renderDashboard(root, dashboard, theme, {
      ...options,
      onClick: clickable ? setClicked : undefined,
    });
    show(snapshot, failure !== null);

    if (options.autoRefresh || dashboard.settings?.auto_refresh) {
      const seconds = Math.max(
        dashboard.settings?.refresh_interval_seconds ?? DEFAULT_REFRESH_SECONDS,
        MIN_REFRESH_SECONDS
      );
      refreshTimer = window.setInterval(
        () => void refresh().catch((error) => console.warn('dashboards: refresh failed', error)),
        seconds * 1000
      );
    }
  }

  /**
   * A click set a filter (or the chip cleared it): the tiles show that value's snapshot, the
   * dashboard's own again without one. A value the server refuses leaves the figures as they were.
   */
  function setClicked(next: ClickedFilter | null) {
    const previous = clicked;
    clicked = next;
    void loadSnapshot()
      .then(({ snapshot, failure }) => {
        if (!view) return;
        if (failure && failure.kind !== 'failed' && failure.kind !== 'rate-limited') {
          showFailure(failure);
          return;
        }
        if (failure) {
          clicked = previous;
          view.update(shown, true);
          return;
        }
        view.showClicked(clicked);
        show(snapshot);
      })
      .catch(showUnexpected);
  }

  /** A malformed answer (or a bug) ends on the generic message, never a blank page. */
  function showUnexpected(error: unknown) {
    console.error('dashboards: the shared dashboard could not be shown', error);
    showFailure({ kind: 'failed', status: null });
  }

  void load().catch(showUnexpected);
}

const root = document.getElementById('dashboard-viewer');
if (root) {
  try {
    startViewer(root, readOptions(root));
  } catch (error) {
    console.error(error);
    setLanguage(navigator.language);
    showMessage(root, translator(navigator.language)('viewer.failed'));
  }
}
