import { Cron } from 'croner';
import { isTimezone } from '../../contracts/schedules';

export { isTimezone };

/** What a schedule's rule may be: 5 fields, or 6 (seconds first) where the config allows it. */
export interface RuleLimits {
  allowSeconds: boolean;
  minIntervalSeconds: number;
}

export interface RuleProblem {
  field: 'cron' | 'timezone';
  message: string;
}

/** Fires looked at to find a rule's shortest gap: a day of a rule that fires every 5 minutes, or 5 weeks. */
const GAP_SAMPLE = 300;
const GAP_HORIZON_MS = 35 * 86_400_000;

/** A paused croner job: the rule's calendar in its time zone. */
export function ruleOf(cron: string, timezone: string, allowSeconds = false): Cron {
  return new Cron(cron, { timezone, paused: true, mode: allowSeconds ? '5-or-6-parts' : '5-part' });
}

/** Why a rule cannot be used, or null: bad time zone, bad cron, or fires closer than the minimum. */
export function ruleProblem(cron: string, timezone: string, limits: RuleLimits): RuleProblem | null {
  if (!isTimezone(timezone)) {
    return { field: 'timezone', message: 'must be an IANA time zone such as Europe/Berlin' };
  }
  const fields = cron.trim().split(/\s+/).length;
  const allowed = limits.allowSeconds ? [5, 6] : [5];
  if (!allowed.includes(fields)) {
    return {
      field: 'cron',
      message: `must have ${allowed.join(' or ')} fields (minute hour day month weekday)`,
    };
  }
  let rule: Cron;
  try {
    rule = ruleOf(cron, timezone, limits.allowSeconds);
  } catch (error) {
    return { field: 'cron', message: (error as Error).message.replace(/^CronPattern: /, '') };
  }
  const first = rule.nextRun();
  if (!first) return { field: 'cron', message: 'never fires' };
  const horizon = first.getTime() + GAP_HORIZON_MS;
  let previous = first;
  for (let count = 1; count < GAP_SAMPLE; count += 1) {
    const next = rule.nextRun(previous);
    if (!next || next.getTime() > horizon) break;
    const gapSeconds = (next.getTime() - previous.getTime()) / 1000;
    if (gapSeconds < limits.minIntervalSeconds) {
      return {
        field: 'cron',
        message: `fires every ${gapSeconds} s; the shortest interval allowed is ${limits.minIntervalSeconds} s`,
      };
    }
    previous = next;
  }
  return null;
}

/** The first fire strictly after `after`. */
export function nextFire(cron: string, timezone: string, after: Date, allowSeconds = false): Date | null {
  return ruleOf(cron, timezone, allowSeconds).nextRun(after);
}

/** The last fire at or before `at`. */
export function lastFire(cron: string, timezone: string, at: Date, allowSeconds = false): Date | null {
  // croner looks back from whole seconds: ask from the next one and keep the first fire not after `at`
  const fires = ruleOf(cron, timezone, allowSeconds).previousRuns(2, new Date(at.getTime() + 1000));
  return fires.find((fire) => fire.getTime() <= at.getTime()) ?? null;
}
