import type { DashboardExport } from './dashboards';

/** One thing a save changed, as the revision list says it (the admin words it in its language). */
export type RevisionChange =
  | { type: 'created' }
  /** The first save kept of a dashboard made before revisions were kept. */
  | { type: 'first_kept' }
  | { type: 'restored'; number: number }
  | { type: 'renamed'; from: string; to: string }
  | { type: 'description' | 'tags' | 'filters' | 'settings' | 'layout' | 'embed' }
  | { type: 'tile_added' | 'tile_removed'; title: string }
  | { type: 'tile_changed'; title: string; fields: RevisionTileField[] }
  | { type: 'tiles_moved'; count: number };

/** What a tile change touched. */
export type RevisionTileField = 'title' | 'type' | 'source' | 'chart';

/** A dashboard as a revision keeps it: the export's form, each tile with the id it had. */
export type RevisionContent = Omit<DashboardExport['dashboard'], 'tiles'> & {
  tiles: (DashboardExport['dashboard']['tiles'][number] & { id: string })[];
};

/** GET /dashboards/:id/revisions: newest first. */
export interface RevisionListItem {
  id: string;
  number: number;
  created_at: string;
  /** `user:<id>`, `admin:<id>` or `api-token:<id>`. */
  author: string | null;
  author_name: string | null;
  changes: RevisionChange[];
  /** The changes in English words. */
  summary: string;
  /** The revision the dashboard is at now. */
  is_current: boolean;
}

export interface ListRevisionsResponse {
  data: RevisionListItem[];
}

/** GET /dashboards/:id/revisions/:revisionId: the dashboard as it was then. */
export interface Revision extends RevisionListItem {
  content: RevisionContent;
}
