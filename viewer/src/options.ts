import type { Theme } from '../../admin/src/charts';

/** What the server's HTML shell tells the viewer through data-* attributes. */
export interface ViewerOptions {
  structureUrl: string;
  dataUrl: string;
  /** Forced by the embed options; otherwise the dashboard's own setting decides. */
  theme: Theme | null;
  hideHeader: boolean;
  hideFilters: boolean;
  autoRefresh: boolean;
  /**
   * The visitor's language (the browser's first), which numbers, dates and the charts' words are
   * written in; a `data-locale` on the root wins.
   */
  locale: string;
}

export function readOptions(root: HTMLElement): ViewerOptions {
  const { structureUrl, dataUrl, theme, hideHeader, hideFilters, autoRefresh, locale } = root.dataset;
  if (!structureUrl || !dataUrl)
    throw new Error('dashboard-viewer needs data-structure-url and data-data-url');
  return {
    structureUrl,
    dataUrl,
    theme: theme === 'light' || theme === 'dark' ? theme : null,
    hideHeader: hideHeader === 'true',
    hideFilters: hideFilters === 'true',
    autoRefresh: autoRefresh === 'true',
    locale: locale || navigator.languages?.[0] || navigator.language || 'en',
  };
}
