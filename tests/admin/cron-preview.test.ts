import {
  CRON_PRESETS,
  cronPreview,
  formatRunTime,
  isTimezone,
  normaliseCron,
  presetOf,
  timezoneOptions,
} from '../../admin/src/utils/cronPreview';

/** The schedule dialog's preview: what a rule means in words and when it fires next, in its time zone. */
const FROM = new Date('2025-01-15T15:00:00Z'); // a Wednesday, 10:00 in New York

describe('cronPreview', () => {
  it('describes seed 004’s presets in English', () => {
    const descriptions = CRON_PRESETS.map((preset) => {
      const preview = cronPreview(preset.cron, 'UTC', 'en', { from: FROM });
      return preview.valid ? preview.description : preview.error;
    });
    expect(descriptions).toEqual([
      'Every hour',
      'On the hour, every 6 hours',
      'At 09:00 AM, Monday through Friday',
      'At 12:00 AM',
      'At 12:00 AM, only on Sunday',
    ]);
  });

  it('describes a rule in French for a French admin', () => {
    const preview = cronPreview('0 9 * * 1-5', 'Europe/Paris', 'fr-FR', { from: FROM });
    expect(preview).toMatchObject({ valid: true, description: 'À 09:00, de lundi à vendredi' });
  });

  it('computes the next runs in the schedule’s time zone', () => {
    const preview = cronPreview('0 9 * * 1-5', 'America/New_York', 'en', { from: FROM, count: 3 });
    if (!preview.valid) throw new Error(preview.error);
    // 9 AM in New York (EST, UTC−5) on Thursday, Friday, then Monday
    expect(preview.nextRuns.map((date) => date.toISOString())).toEqual([
      '2025-01-16T14:00:00.000Z',
      '2025-01-17T14:00:00.000Z',
      '2025-01-20T14:00:00.000Z',
    ]);
  });

  it('follows daylight saving time in the chosen zone', () => {
    const preview = cronPreview('0 0 * * *', 'Europe/Paris', 'en', {
      from: new Date('2025-03-29T12:00:00Z'),
      count: 2,
    });
    if (!preview.valid) throw new Error(preview.error);
    expect(preview.nextRuns.map((date) => date.toISOString())).toEqual([
      '2025-03-29T23:00:00.000Z', // midnight CET
      '2025-03-30T22:00:00.000Z', // midnight CEST
    ]);
  });

  it('answers five runs by default, each after the one before', () => {
    const preview = cronPreview('0 */6 * * *', 'UTC', 'en', { from: FROM });
    if (!preview.valid) throw new Error(preview.error);
    expect(preview.nextRuns).toHaveLength(5);
    expect(preview.nextRuns[0].toISOString()).toBe('2025-01-15T18:00:00.000Z');
    for (let index = 1; index < 5; index += 1) {
      expect(preview.nextRuns[index].getTime() - preview.nextRuns[index - 1].getTime()).toBe(6 * 3_600_000);
    }
  });

  it.each([
    ['* * *', 'UTC', 'fields'],
    ['0 0 * * * *', 'UTC', 'fields'],
    ['', 'UTC', 'fields'],
    ['0 61 * * *', 'UTC', 'syntax'],
    ['every day', 'UTC', 'fields'],
    ['a b c d e', 'UTC', 'syntax'],
    ['0 0 * * *', 'Mars/Olympus_Mons', 'timezone'],
    ['0 0 * * *', 'EST5EDT_not_a_zone', 'timezone'],
  ])('refuses %j in %s (%s)', (cron, timezone, error) => {
    expect(cronPreview(cron, timezone, 'en', { from: FROM })).toEqual({ valid: false, error });
  });

  it('reads extra spaces as the server does', () => {
    expect(normaliseCron('  0   9 * *  1-5 ')).toBe('0 9 * * 1-5');
    expect(cronPreview('  0   9 * *  1-5 ', 'UTC', 'en', { from: FROM })).toMatchObject({ valid: true });
  });
});

describe('presets, zones and times', () => {
  it('recognises a preset, with or without extra spaces, and a custom rule as none', () => {
    expect(presetOf('0 */6 * * *')).toBe('every6Hours');
    expect(presetOf(' 0 9 * *   1-5')).toBe('weekdays9');
    expect(presetOf('*/15 * * * *')).toBeNull();
  });

  it('knows IANA zones and UTC, not abbreviations', () => {
    expect(isTimezone('UTC')).toBe(true);
    expect(isTimezone('America/New_York')).toBe(true);
    expect(isTimezone('Nowhere/Town')).toBe(false);
    expect(isTimezone('EST')).toBe(false);
  });

  it('offers UTC first, and keeps a zone the schedule names', () => {
    const zones = timezoneOptions();
    expect(zones[0]).toBe('UTC');
    expect(zones).toContain('Europe/Paris');
    expect(zones.filter((zone) => zone === 'UTC')).toHaveLength(1);
    expect(timezoneOptions('Etc/Unknown')[0]).toBe('Etc/Unknown');
    expect(timezoneOptions('Europe/Paris')).toEqual(zones);
  });

  it('shows a run time in the schedule’s zone', () => {
    const at = new Date('2025-01-15T23:00:00Z');
    expect(formatRunTime(at, 'America/New_York', 'en-US')).toBe('Wed, Jan 15, 2025, 6:00 PM EST');
    expect(formatRunTime(at.toISOString(), 'Europe/Paris', 'fr-FR')).toMatch(
      /^jeu\. 16 janv\. 2025.*00:00 UTC\+1$/
    );
  });
});
