/**
 * Keys of the sync's checkpoints in meta.checkpoints (the formats stored under them belong to the
 * collections: src/github/collections/*.ts). Existing data branches resume from them, so they never change.
 */
export const CHECKPOINT_KEYS = {
  pulls: 'pulls',
  issues: 'issues',
  commits: 'commits',
  deployments: 'deployments',
  releases: 'releases',
  workflow: (name: string) => `workflow:${name}`,
  source: 'deployment-source',
  teams: 'teams'
}
