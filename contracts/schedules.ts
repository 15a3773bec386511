/** Rules shared by the server's schedule validation and the admin's schedule dialog. */

/** An IANA time zone as schedules take it: one the runtime knows, with a slash (Europe/Berlin), or UTC. */
export function isTimezone(timezone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
    return timezone.includes('/') || timezone === 'UTC';
  } catch {
    return false;
  }
}
