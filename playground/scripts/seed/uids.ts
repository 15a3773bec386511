/** The content types the seed writes (the playground CRM and the plugin's dashboards). */
export const UID = {
  department: 'api::department.department',
  team: 'api::team.team',
  user: 'plugin::users-permissions.user',
  role: 'plugin::users-permissions.role',
  pipeline: 'api::pipeline.pipeline',
  stage: 'api::stage.stage',
  lead: 'api::lead.lead',
  opportunity: 'api::opportunity.opportunity',
  stageHistory: 'api::stage-history.stage-history',
  activity: 'api::activity.activity',
  task: 'api::task.task',
  target: 'api::target.target',
  dashboard: 'plugin::dashboards.dashboard',
  tile: 'plugin::dashboards.tile',
} as const;

/** The CRM content types, in the order their rows are written (referenced types first). */
export const CRM_UIDS = [
  UID.department,
  UID.team,
  UID.user,
  UID.pipeline,
  UID.stage,
  UID.lead,
  UID.opportunity,
  UID.stageHistory,
  UID.activity,
  UID.task,
  UID.target,
] as const;
