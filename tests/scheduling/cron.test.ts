import { isTimezone, lastFire, nextFire, ruleProblem } from '../../server/scheduling/cron';

const limits = { allowSeconds: false, minIntervalSeconds: 300 };

describe('rule validation', () => {
  it.each(['0 */1 * * *', '0 */6 * * *', '0 9 * * 1-5', '0 0 * * *', '0 0 * * 0', '*/5 * * * *'])(
    'accepts seed 004’s %s',
    (cron) => expect(ruleProblem(cron, 'UTC', limits)).toBeNull()
  );

  it.each([
    ['61 * * * *', 'cron', /minute/],
    ['* * *', 'cron', /must have 5 fields/],
    ['*/10 * * * * *', 'cron', /must have 5 fields/],
    ['0 0 31 2 *', 'cron', /never fires|Invalid|match/i],
    ['every day', 'cron', /fields|Invalid/],
  ])('refuses %s on %s', (cron, field, message) => {
    const problem = ruleProblem(cron, 'UTC', limits);
    expect(problem?.field).toBe(field);
    expect(problem?.message).toMatch(message);
  });

  it('refuses a rule that fires more often than the minimum, even only at some hours', () => {
    expect(ruleProblem('* * * * *', 'UTC', limits)).toEqual({
      field: 'cron',
      message: 'fires every 60 s; the shortest interval allowed is 300 s',
    });
    // every 5 minutes from 9:00, and once more at 9:02 — the 120 s gap is what counts
    expect(ruleProblem('0,2,5,10,15,20,25,30,35,40,45,50,55 9 * * *', 'UTC', limits)?.message).toBe(
      'fires every 120 s; the shortest interval allowed is 300 s'
    );
  });

  it('takes 6 fields (seconds) only where the config allows them', () => {
    expect(ruleProblem('*/2 * * * * *', 'UTC', { allowSeconds: true, minIntervalSeconds: 1 })).toBeNull();
    expect(ruleProblem('*/2 * * * * *', 'UTC', { allowSeconds: true, minIntervalSeconds: 5 })?.message).toBe(
      'fires every 2 s; the shortest interval allowed is 5 s'
    );
  });

  it('checks the time zone against the IANA database', () => {
    expect(isTimezone('America/New_York')).toBe(true);
    expect(isTimezone('UTC')).toBe(true);
    expect(isTimezone('Mars/Olympus_Mons')).toBe(false);
    expect(isTimezone('EST5EDT ')).toBe(false);
    expect(ruleProblem('0 0 * * *', 'Europe/Atlantis', limits)).toEqual({
      field: 'timezone',
      message: 'must be an IANA time zone such as Europe/Berlin',
    });
  });
});

describe('next fire across DST changes', () => {
  const fires = (cron: string, zone: string, from: string, count: number) => {
    const result: string[] = [];
    let at = new Date(from);
    for (let index = 0; index < count; index += 1) {
      at = nextFire(cron, zone, at)!;
      result.push(at.toISOString());
    }
    return result;
  };

  it('keeps 9:00 local in New York when the clocks spring forward (UTC−5 → UTC−4)', () => {
    expect(fires('0 9 * * *', 'America/New_York', '2025-03-08T12:00:00Z', 3)).toEqual([
      '2025-03-08T14:00:00.000Z',
      '2025-03-09T13:00:00.000Z',
      '2025-03-10T13:00:00.000Z',
    ]);
  });

  it('fires every 6 hours of New York’s local clock through the autumn change, each once', () => {
    // 2025-11-02: 00:00 EDT, then 06:00, 12:00, 18:00 EST
    expect(fires('0 */6 * * *', 'America/New_York', '2025-11-01T23:00:00Z', 4)).toEqual([
      '2025-11-02T04:00:00.000Z',
      '2025-11-02T11:00:00.000Z',
      '2025-11-02T17:00:00.000Z',
      '2025-11-02T23:00:00.000Z',
    ]);
  });

  it('keeps 9:00 local in Berlin across both changes', () => {
    expect(fires('0 9 * * *', 'Europe/Berlin', '2025-03-29T00:00:00Z', 2)).toEqual([
      '2025-03-29T08:00:00.000Z',
      '2025-03-30T07:00:00.000Z',
    ]);
    expect(fires('0 9 * * *', 'Europe/Berlin', '2025-10-25T00:00:00Z', 2)).toEqual([
      '2025-10-25T07:00:00.000Z',
      '2025-10-26T08:00:00.000Z',
    ]);
  });

  it('runs a time the spring change skips an hour later, and a repeated time once', () => {
    // 02:30 does not exist on 2025-03-30 in Berlin: it runs at 03:30 CEST
    expect(fires('30 2 * * *', 'Europe/Berlin', '2025-03-29T12:00:00Z', 1)).toEqual([
      '2025-03-30T01:30:00.000Z',
    ]);
    // 02:30 happens twice on 2025-10-26: it runs at the first one only
    expect(fires('30 2 * * *', 'Europe/Berlin', '2025-10-25T12:00:00Z', 2)).toEqual([
      '2025-10-26T00:30:00.000Z',
      '2025-10-27T01:30:00.000Z',
    ]);
  });

  it('finds the last fire at or before a time (the one a catch-up runs)', () => {
    expect(lastFire('0 */6 * * *', 'America/New_York', new Date('2025-01-15T20:00:00Z'))!.toISOString()).toBe(
      '2025-01-15T17:00:00.000Z'
    );
    expect(lastFire('0 */6 * * *', 'America/New_York', new Date('2025-01-15T17:00:00Z'))!.toISOString()).toBe(
      '2025-01-15T17:00:00.000Z'
    );
  });
});
