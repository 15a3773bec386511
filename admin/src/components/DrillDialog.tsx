import { Button, Modal, Td, Tr, Typography } from '@strapi/design-system';

import type { DrilledRows } from '../utils/useTilePicks';
import { useT } from '../utils/translations';
import { DataTable } from './DataTable';

const cell = (value: unknown) =>
  value === null || value === undefined
    ? '—'
    : typeof value === 'object'
      ? JSON.stringify(value)
      : String(value);

/** A SQL tile's rows behind the point clicked (at most 200). */
export const DrillDialog = ({ drilled, onClose }: { drilled: DrilledRows | null; onClose: () => void }) => {
  const t = useT();
  return (
    <Modal.Root open={drilled !== null} onOpenChange={(open) => !open && onClose()}>
      <Modal.Content style={{ maxWidth: '110rem', width: '90vw' }}>
        <Modal.Header>
          <Modal.Title>
            {t('drill.title', 'Records behind “{title}”', { title: drilled?.title ?? '' })}
          </Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {drilled && (
            <>
              <DataTable
                labels={drilled.columns}
                rows={drilled.rows}
                empty={t('drill.empty', 'No rows.')}
                data-testid="drill-rows"
                renderRow={(row) => (
                  <Tr key={JSON.stringify(row)}>
                    {drilled.columns.map((column) => (
                      <Td key={column}>
                        <Typography>{cell(row[column])}</Typography>
                      </Td>
                    ))}
                  </Tr>
                )}
              />
              {drilled.truncated && (
                <Typography variant="pi" textColor="neutral600">
                  {t('drill.truncated', 'Only the first 200 rows are shown.')}
                </Typography>
              )}
            </>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('history.close', 'Close')}</Button>
          </Modal.Close>
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
