/**
 * The typed, frozen settings every part of the pipeline reads. Built from the action's inputs by
 * src/settings.ts (and from command-line flags by src/cli.ts, through the same validation).
 */
import type { MetricName } from './metrics/types.js'
import type { DeploymentSource } from './model.js'

export const MODES = [
  'auto',
  'report',
  'record',
  'ingest-deployments',
  'prune-deployments',
  'ingest-incidents',
  'prune-incidents',
  'org-plan',
  'org-sync',
  'org-report',
  'org'
] as const
export type Mode = (typeof MODES)[number]

export const BUCKETS = ['day', 'week', 'month'] as const
export type Bucket = (typeof BUCKETS)[number]

export type WindowSpec =
  /** A fixed length ending at `until`; PERIOD is the date of `until` in the timezone. */
  | { kind: 'length'; days: number; text: string }
  /** The last complete calendar unit before `until`. */
  | { kind: 'calendar'; unit: 'week' | 'month' | 'quarter'; text: string }

export type DeploymentSourceSetting =
  | { kind: 'auto' }
  | { kind: 'deployments' }
  | { kind: 'workflow'; name: string }
  | { kind: 'releases' }
  | { kind: 'merges' }

/** The record source a `deployment-source` setting selects; null for `auto` (chosen from the data). */
export function selectedDeploymentSource(setting: DeploymentSourceSetting): DeploymentSource | null {
  switch (setting.kind) {
    case 'deployments':
      return 'deployment'
    case 'workflow':
      return 'workflow_run'
    case 'releases':
      return 'release'
    case 'merges':
      return 'merge'
    case 'auto':
      return null
  }
}

export interface RepoRef {
  owner: string
  repo: string
}

export interface WorkingHours {
  /** ISO weekdays, 1 = Monday ... 7 = Sunday. */
  days: number[]
  /** Minutes after midnight. */
  start: number
  end: number
  /** `YYYY-MM-DD` dates in the timezone that are not working days. */
  holidays: string[]
  text: string
}

export interface PruneSelection {
  source: string | null
  ids: string[]
  since: string | null
  until: string | null
}

export const ORG_LAYOUTS = ['central', 'federated'] as const
export const ORG_PEOPLE = ['teams', 'named'] as const
export const ORG_NOTIFY = ['central', 'repositories', 'both', 'none'] as const

/** Organization mode (modes org-plan, org-sync, org-report, org); see src/org/run.ts. */
export interface OrgSettings {
  /** The organization's login (default: the owner of the workflow's repository). */
  organization: string
  /** Repository patterns (src/org/select.ts); empty = every repository. */
  repositories: string[]
  includeArchived: boolean
  includeForks: boolean
  topics: string[]
  /** One repository alone (`name` or `owner/name`), or null. */
  only: string | null
  /** `central`: every repository's store in `repos/OWNER/NAME/` of the metrics repository's data branch; `federated`: each repository's own data branch. */
  layout: (typeof ORG_LAYOUTS)[number]
  shards: number
  /** This org-sync job's shard, 1-based; null when not given. */
  shard: number | null
  groupsFile: string
  people: (typeof ORG_PEOPLE)[number]
  notify: (typeof ORG_NOTIFY)[number]
  /** Per-repository issues one run may open or update. */
  notificationBudget: number
  /** Reads the organization's repositories (an App installation token or a PAT); default: `token`. */
  readToken: string
  /** `issue-repository` when given: every issue goes there (a testing mode); null otherwise. */
  issueRouting: RepoRef | null
}

export interface Settings {
  token: string
  mode: Mode
  /** The repository the action runs for (GITHUB_REPOSITORY). */
  repository: RepoRef
  dataBranch: string
  reportsBranch: string
  reportsPath: string
  window: WindowSpec
  /** ISO times; when set they override `window`. */
  since: string | null
  until: string | null
  bucket: Bucket
  timezone: string
  metrics: MetricName[]
  ignoreUsers: string[]
  includeBots: boolean
  deploymentEnvironment: string
  deploymentSource: DeploymentSourceSetting
  incidentLabel: string | null
  issueLabel: string
  /** May contain `{period}` and `{repository}`. */
  issueTitle: string
  issueRepository: RepoRef
  issueAssignees: string[]
  closePreviousIssue: boolean
  notify: boolean
  mentionReviewers: boolean
  /** Paths in the repository's default branch, or null for the bundled templates. */
  template: string | null
  issueTemplate: string | null
  /** Most API requests one run may spend; null = no limit beyond the rate-limit reserve. */
  requestBudget: number | null
  dryRun: boolean
  workingHours: WorkingHours | null
  /** Raw JSON text given in `deployments` / `incidents`, or read from the `-file` inputs. */
  deploymentsJson: string | null
  deploymentsFile: string | null
  incidentsJson: string | null
  incidentsFile: string | null
  failOnInvalid: boolean
  prune: PruneSelection
  apiUrl: string
  graphqlUrl: string
  serverUrl: string
  org: OrgSettings
}
