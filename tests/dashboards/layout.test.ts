import fc from 'fast-check';
import {
  findLayoutViolation,
  firstFreePosition,
  overlaps,
  type GridBox,
} from '../../server/dashboards/layout';

const box = (id: string, grid_x: number, grid_y: number, grid_w: number, grid_h: number): GridBox => ({
  ref: { tile_id: id },
  grid_x,
  grid_y,
  grid_w,
  grid_h,
});

describe('layout rules', () => {
  it('accepts tiles side by side and stacked', () => {
    expect(
      findLayoutViolation([box('a', 0, 0, 6, 4), box('b', 6, 0, 6, 4), box('c', 0, 4, 12, 2)], 12)
    ).toBeNull();
  });

  it('names the tile that ends past the last column', () => {
    expect(findLayoutViolation([box('a', 0, 0, 6, 4), box('b', 8, 0, 5, 4)], 12)).toMatchObject({
      ref: { tile_id: 'b' },
      reason: 'out_of_grid',
    });
  });

  it('names both tiles of an overlap, the later one first', () => {
    const violation = findLayoutViolation([box('a', 0, 0, 6, 4), box('b', 5, 3, 2, 2)], 12);
    expect(violation).toMatchObject({ ref: { tile_id: 'b' }, other: { tile_id: 'a' }, reason: 'overlap' });
    expect(violation!.message).toBe('Invalid widget position: overlapping widgets (b overlaps a)');
  });

  it('treats touching edges as no overlap', () => {
    expect(overlaps(box('a', 0, 0, 4, 4), box('b', 4, 0, 4, 4))).toBe(false);
    expect(overlaps(box('a', 0, 0, 4, 4), box('b', 0, 4, 4, 4))).toBe(false);
    expect(overlaps(box('a', 0, 0, 4, 4), box('b', 3, 3, 4, 4))).toBe(true);
  });

  it('places a new tile in the first free slot, top-most then left-most', () => {
    const taken = [box('a', 0, 0, 6, 4), box('b', 6, 0, 3, 2)];
    expect(firstFreePosition(taken, { grid_w: 3, grid_h: 2 }, 12)).toEqual({ grid_x: 9, grid_y: 0 });
    expect(firstFreePosition(taken, { grid_w: 6, grid_h: 2 }, 12)).toEqual({ grid_x: 6, grid_y: 2 });
    expect(firstFreePosition(taken, { grid_w: 12, grid_h: 1 }, 12)).toEqual({ grid_x: 0, grid_y: 4 });
    expect(firstFreePosition([], { grid_w: 4, grid_h: 3 }, 12)).toEqual({ grid_x: 0, grid_y: 0 });
  });

  it('always finds a position that keeps the layout valid (property)', () => {
    const columns = 12;
    fc.assert(
      fc.property(
        fc.array(fc.record({ w: fc.integer({ min: 1, max: 12 }), h: fc.integer({ min: 1, max: 6 }) }), {
          maxLength: 30,
        }),
        (sizes) => {
          const placed: GridBox[] = [];
          sizes.forEach((size, index) => {
            const position = firstFreePosition(placed, { grid_w: size.w, grid_h: size.h }, columns);
            placed.push(box(String(index), position.grid_x, position.grid_y, size.w, size.h));
          });
          expect(findLayoutViolation(placed, columns)).toBeNull();
        }
      )
    );
  });
});
