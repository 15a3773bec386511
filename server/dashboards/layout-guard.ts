import { errors } from '@strapi/utils';
import { findLayoutViolation, type GridBox } from './layout';

/** Throws a 400 naming the tile or widget when the boxes break a layout rule. */
export function assertValidLayout(boxes: (GridBox & { path?: (string | number)[] })[], columns: number) {
  const violation = findLayoutViolation(boxes, columns);
  if (!violation) return;
  const box = boxes.find((candidate) => candidate.ref === violation.ref);
  throw new errors.ValidationError(violation.message, {
    ...(violation.ref.widget_id ? { widget_id: violation.ref.widget_id } : {}),
    ...(violation.ref.tile_id ? { tile_id: violation.ref.tile_id } : {}),
    reason: violation.reason,
    ...(violation.other ? { conflicts_with: violation.other.widget_id ?? violation.other.tile_id } : {}),
    errors: [{ path: (box?.path ?? []).map(String), message: violation.message, name: 'ValidationError' }],
  });
}
