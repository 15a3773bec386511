import type { ContentTypeListing, DatasourceListing, TableListing } from '../../../../contracts/query';
import type { TileForm } from '../../utils/tileConfig';
import { AnalyticsSourceFields } from './AnalyticsSourceFields';
import { ContentSourceFields } from './ContentSourceFields';
import { SqlSourceFields } from './SqlSourceFields';

interface SourceFieldsProps {
  form: TileForm;
  onChange: (update: (form: TileForm) => TileForm) => void;
  datasources: DatasourceListing[];
  tables: TableListing[];
  contentTypes: ContentTypeListing[];
  /** Runs the preview (Ctrl/Cmd+Enter in the SQL editor). */
  onRun: () => void;
}

/** The source of the form's kind: SQL with table hints, the content-type builder, or a CRM analytics endpoint. */
export const SourceFields = ({
  form,
  onChange,
  datasources,
  tables,
  contentTypes,
  onRun,
}: SourceFieldsProps) => {
  if (form.source_kind === 'sql') {
    return (
      <SqlSourceFields
        form={form}
        onChange={onChange}
        datasources={datasources}
        tables={tables}
        onRun={onRun}
      />
    );
  }
  if (form.source_kind === 'analytics') return <AnalyticsSourceFields form={form} onChange={onChange} />;
  return <ContentSourceFields form={form} onChange={onChange} contentTypes={contentTypes} />;
};
