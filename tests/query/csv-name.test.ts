import { csvFileName } from '../../server/query/csv';

describe('csvFileName', () => {
  it('names the file after the title and the day the tile ran', () => {
    expect(csvFileName('Leads by source', '2026-12-05T10:11:12.000Z')).toBe('Leads by source 2026-12-05.csv');
  });

  it('replaces characters file systems refuse and keeps other letters', () => {
    expect(csvFileName('Won / lost: "Q1"  région', '2026-01-31T23:59:00.000Z')).toBe(
      'Won - lost- -Q1- région 2026-01-31.csv'
    );
  });

  it('falls back to "tile" for a title with nothing left', () => {
    expect(csvFileName('  ///  ', '2026-03-01T00:00:00.000Z')).toBe('- 2026-03-01.csv');
    expect(csvFileName('   ', '2026-03-01T00:00:00.000Z')).toBe('tile 2026-03-01.csv');
  });
});
