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
}

export function readOptions(root: HTMLElement): ViewerOptions {
  const { structureUrl, dataUrl, theme, hideHeader, hideFilters, autoRefresh } = root.dataset;
  if (!structureUrl || !dataUrl)
    throw new Error('dashboard-viewer needs data-structure-url and data-data-url');
  return {
    structureUrl,
    dataUrl,
    theme: theme === 'light' || theme === 'dark' ? theme : null,
    hideHeader: hideHeader === 'true',
    hideFilters: hideFilters === 'true',
    autoRefresh: autoRefresh === 'true',
  };
}
