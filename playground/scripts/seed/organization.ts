import type { Core } from '@strapi/strapi';
import type { BulkWriter } from './bulk-writer';
import { FIRST_NAMES, LAST_NAMES } from './names';
import { WeightedChoice, type Random } from './random';
import { DAY } from './time';
import { UID } from './uids';

/** Every seeded user's e-mail ends with this domain; `--reset` removes those users. */
export const CRM_EMAIL_DOMAIN = 'crm.test';

/** The users-permissions login printed after seeding (every seeded user has this password). */
export const DEMO_CRM_LOGIN = {
  email: `director@${CRM_EMAIL_DOMAIN}`,
  password: process.env.DEMO_CRM_PASSWORD ?? 'Crm-demo-1',
};

export type SalesRole = 'sales-rep' | 'team-lead' | 'sales-manager' | 'director';

const DEPARTMENTS = [
  {
    name: 'Americas',
    teams: ['Enterprise', 'Mid-Market', 'SMB'],
    timezones: ['America/New_York', 'America/Chicago', 'America/Los_Angeles'],
  },
  {
    name: 'EMEA',
    teams: ['Enterprise', 'Mid-Market', 'SMB'],
    timezones: ['Europe/London', 'Europe/Berlin', 'Europe/Paris'],
  },
  {
    name: 'APAC',
    teams: ['Enterprise', 'Growth'],
    timezones: ['Asia/Singapore', 'Australia/Sydney', 'Asia/Tokyo'],
  },
];
const SALES_REPS = 28;
/** How much of the CRM's records each role owns, relative to a sales rep. */
const OWNERSHIP_WEIGHT: Record<SalesRole, number> = {
  'sales-rep': 1,
  'team-lead': 0.6,
  'sales-manager': 0.15,
  director: 0,
};

export interface CrmUser {
  id: number;
  username: string;
  email: string;
  role: SalesRole;
  /** Around 1: scales a user's win rate and deal sizes, so top-performer rankings have a spread. */
  performance: number;
}

export interface Organization {
  users: CrmUser[];
  director: CrmUser;
  /** Picks the owner of a new record, weighted by role and performance. */
  owners: WeightedChoice<CrmUser>;
}

interface UserPlan {
  email: string;
  role: SalesRole;
  department: number;
  teams: number[];
}

const slugOf = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '-');

/** Who works where: one director, a manager per department, a lead per team, reps spread over the teams. */
function planUsers(teams: Array<{ department: number; slug: string }>, random: Random): UserPlan[] {
  const teamsOf = (department: number) =>
    teams.flatMap((team, index) => (team.department === department ? [index] : []));
  /** The team itself, and now and then a second team of the same department. */
  const membership = (team: number, secondTeamChance: number) => {
    const others = teamsOf(teams[team].department).filter((other) => other !== team);
    return others.length > 0 && random.chance(secondTeamChance) ? [team, random.pick(others)] : [team];
  };
  const plans: UserPlan[] = [
    { email: DEMO_CRM_LOGIN.email, role: 'director', department: 0, teams: [0] },
    ...DEPARTMENTS.map((department, index) => ({
      email: `manager.${slugOf(department.name)}@${CRM_EMAIL_DOMAIN}`,
      role: 'sales-manager' as const,
      department: index,
      teams: [teamsOf(index)[0]],
    })),
    ...teams.map((team, index) => ({
      email: `teamlead.${team.slug}@${CRM_EMAIL_DOMAIN}`,
      role: 'team-lead' as const,
      department: team.department,
      teams: membership(index, 0.15),
    })),
  ];
  for (let rep = 0; rep < SALES_REPS; rep += 1) {
    const team = rep % teams.length;
    plans.push({
      email: `rep${String(rep + 1).padStart(2, '0')}@${CRM_EMAIL_DOMAIN}`,
      role: 'sales-rep',
      department: teams[team].department,
      teams: membership(team, 0.2),
    });
  }
  return plans;
}

/** Departments, teams and users (with their roles), written through the bulk writer. */
export async function createOrganization(
  strapi: Core.Strapi,
  writer: BulkWriter,
  random: Random,
  createdAt: number
): Promise<Organization> {
  const roles = await strapi.db
    .query(UID.role)
    .findMany({ where: { type: { $in: Object.keys(OWNERSHIP_WEIGHT) } } });
  const roleIds = new Map<string, number>(
    roles.map((role: { type: string; id: number }) => [role.type, role.id])
  );
  const missing = Object.keys(OWNERSHIP_WEIGHT).filter((type) => !roleIds.has(type));
  if (missing.length > 0) {
    throw new Error(
      `Users-permissions roles missing: ${missing.join(', ')} (the playground's bootstrap creates them)`
    );
  }
  // One bcrypt hash for everyone: hashing 40 passwords would take seconds and they are all the same.
  const { password } = await strapi
    .plugin('users-permissions')
    .service('user')
    .ensureHashedPasswords({ password: DEMO_CRM_LOGIN.password });

  const departmentIds = DEPARTMENTS.map(({ name }) => writer.add(UID.department, { name, createdAt }).id);
  const teams = DEPARTMENTS.flatMap((department, index) =>
    department.teams.map((team) => ({ name: `${department.name} ${team}`, department: index }))
  ).map((team) => ({
    ...team,
    slug: slugOf(team.name),
    id: writer.add(UID.team, { name: team.name, createdAt }, { department: departmentIds[team.department] })
      .id,
  }));

  const usernames = new Set<string>();
  const uniqueName = (): string => {
    for (;;) {
      const name = `${random.pick(FIRST_NAMES)} ${random.pick(LAST_NAMES)}`;
      if (usernames.has(name)) continue;
      usernames.add(name);
      return name;
    }
  };
  const users = planUsers(teams, random).map((plan, index): CrmUser => {
    const username = uniqueName();
    const { id } = writer.add(
      UID.user,
      {
        username,
        email: plan.email,
        provider: 'local',
        password,
        confirmed: true,
        blocked: false,
        timezone: random.pick(DEPARTMENTS[plan.department].timezones),
        plan: plan.role === 'sales-rep' && random.chance(0.5) ? 'free' : 'pro',
        createdAt: createdAt + index * DAY,
      },
      {
        role: roleIds.get(plan.role)!,
        department: departmentIds[plan.department],
        teams: plan.teams.map((team) => teams[team].id),
      }
    );
    const performance = Math.exp(random.normal(0, 0.35));
    return { id, username, email: plan.email, role: plan.role, performance };
  });
  return {
    users,
    director: users[0],
    owners: new WeightedChoice(
      users
        .filter((user) => user.role !== 'director')
        .map((user) => [user, OWNERSHIP_WEIGHT[user.role] * user.performance])
    ),
  };
}
