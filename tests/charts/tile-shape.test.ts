import { toChart } from '../../contracts/tile-shape';

const LONG_ROWS = [
  { week: '2026-11-23', source: 'referral', count: 1 },
  { week: '2026-11-30', source: 'referral', count: 1 },
  { week: '2026-11-30', source: 'website', count: 3 },
];

describe('a categorical chart’s series', () => {
  it('splits long rows (x, text, number) by their text column when no series column is named', () => {
    expect(toChart('bar', ['week', 'source', 'count'], LONG_ROWS, {})).toEqual({
      labels: ['2026-11-23', '2026-11-30'],
      datasets: [
        { label: 'referral', data: [1, 1] },
        { label: 'website', data: [null, 3] },
      ],
    });
  });

  it('keeps the series column named in chart_config', () => {
    expect(
      toChart('bar', ['week', 'source', 'count'], LONG_ROWS, { xField: 'source', seriesField: 'week' })
    ).toEqual({
      labels: ['referral', 'website'],
      datasets: [
        { label: '2026-11-23', data: [1, null] },
        { label: '2026-11-30', data: [1, 3] },
      ],
    });
  });

  it('draws one dataset per numeric column when every x value is its own', () => {
    const rows = [
      { month: '2026-10', won: 5, lost: 2 },
      { month: '2026-11', won: 7, lost: 1 },
    ];
    expect(toChart('line', ['month', 'won', 'lost'], rows, {})).toEqual({
      labels: ['2026-10', '2026-11'],
      datasets: [
        { label: 'won', data: [5, 7] },
        { label: 'lost', data: [2, 1] },
      ],
    });
  });

  it('does not guess between two text columns', () => {
    const rows = [
      { week: 'w1', source: 'a', owner: 'x', count: 1 },
      { week: 'w1', source: 'b', owner: 'y', count: 2 },
    ];
    expect(toChart('bar', ['week', 'source', 'owner', 'count'], rows, {})).toEqual({
      labels: ['w1'],
      datasets: [{ label: 'count', data: [1, 2] }],
    });
  });
});
