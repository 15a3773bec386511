import type { RevisionChange } from '../../../../contracts/revisions';
import type { Translate } from '../../utils/translations';

/** One change of a revision in the admin's language (the API's `summary` is in English). */
export function changeWords(change: RevisionChange, t: Translate): string {
  switch (change.type) {
    case 'created':
      return t('history.change.created', 'Created the dashboard');
    case 'first_kept':
      return t('history.change.firstKept', 'Saved (the first revision kept of this dashboard)');
    case 'restored':
      return t('history.change.restored', 'Restored revision {number}', { number: change.number });
    case 'renamed':
      return t('history.change.renamed', 'Renamed “{from}” to “{to}”', { from: change.from, to: change.to });
    case 'tile_added':
      return t('history.change.tileAdded', 'Added tile “{title}”', { title: change.title });
    case 'tile_removed':
      return t('history.change.tileRemoved', 'Removed tile “{title}”', { title: change.title });
    case 'tile_changed':
      return t('history.change.tileChanged', 'Changed {fields} of tile “{title}”', {
        title: change.title,
        fields: change.fields
          .map((field) => t(`history.field.${field}`, field))
          .join(t('history.separator', ', ')),
      });
    case 'tiles_moved':
      return t(
        'history.change.tilesMoved',
        'Moved or resized {count, plural, one {# tile} other {# tiles}}',
        {
          count: change.count,
        }
      );
    default:
      return t(`history.change.${change.type}`, `Changed the ${change.type}`);
  }
}

export const summaryWords = (changes: RevisionChange[], t: Translate): string =>
  changes.length
    ? changes.map((change) => changeWords(change, t)).join('; ')
    : t('history.change.none', 'No change');
