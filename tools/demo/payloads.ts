/**
 * Event payloads the demo hands to the action, in the webhook shapes GitHub sends, built from the
 * emulator's seed so that replaying them changes nothing the history does not already say.
 */
import type { SeedActor, SeedPull, SeedRepository, SeedReview } from '../github-emulator/types.js'

function restLogin(actor: SeedActor): string {
  return actor.type === 'Bot' ? `${actor.login}[bot]` : actor.login
}

function user(actor: SeedActor | null, id: number): Record<string, unknown> {
  const login = actor ? restLogin(actor) : 'ghost'
  return {
    login,
    id,
    node_id: `U_demo${id}`,
    type: actor?.type === 'Bot' ? 'Bot' : 'User',
    site_admin: false
  }
}

function repository(seed: SeedRepository, serverUrl: string, apiUrl: string): Record<string, unknown> {
  const fullName = `${seed.owner}/${seed.name}`
  return {
    id: 1,
    node_id: 'R_demo',
    name: seed.name,
    full_name: fullName,
    private: false,
    owner: { login: seed.owner, id: 2, type: seed.ownerIsOrganization ? 'Organization' : 'User' },
    html_url: `${serverUrl}/${fullName}`,
    url: `${apiUrl}/repos/${fullName}`,
    default_branch: seed.defaultBranch,
    fork: false
  }
}

function pullRequest(pull: SeedPull, seed: SeedRepository, serverUrl: string): Record<string, unknown> {
  const fullName = `${seed.owner}/${seed.name}`
  return {
    id: pull.databaseId,
    node_id: pull.id,
    number: pull.number,
    title: pull.title,
    state: pull.closedAt ? 'closed' : 'open',
    draft: pull.isDraft,
    user: user(pull.author, 10),
    created_at: pull.createdAt,
    updated_at: pull.updatedAt,
    closed_at: pull.closedAt,
    merged_at: pull.mergedAt,
    merged: pull.mergedAt !== null,
    merge_commit_sha: pull.mergeCommitOid,
    html_url: `${serverUrl}/${fullName}/pull/${pull.number}`,
    labels: pull.labels.map((name, i) => ({ id: i + 1, name })),
    requested_reviewers: [],
    requested_teams: [],
    additions: pull.additions,
    deletions: pull.deletions,
    base: { ref: pull.baseRefName, sha: '0'.repeat(40), repo: { full_name: fullName } },
    head: {
      ref: pull.headRefName,
      sha: pull.commits.at(-1)?.oid ?? '0'.repeat(40),
      repo: { full_name: fullName }
    }
  }
}

/** A pull_request_review `submitted` event for the newest submitted review in the history. */
export function newestReviewEvent(
  seed: SeedRepository,
  serverUrl: string,
  apiUrl: string
): { payload: Record<string, unknown>; description: string } | null {
  let best: { pull: SeedPull; review: SeedReview } | null = null
  for (const pull of seed.pulls) {
    for (const review of pull.reviews) {
      if (review.submittedAt === null || review.state === 'PENDING') continue
      if (!best || review.submittedAt > (best.review.submittedAt as string)) best = { pull, review }
    }
  }
  if (!best) return null
  const { pull, review } = best
  const fullName = `${seed.owner}/${seed.name}`
  return {
    description: `review ${review.databaseId} on #${pull.number}`,
    payload: {
      action: 'submitted',
      review: {
        id: review.databaseId,
        node_id: `PRR_demo${review.databaseId}`,
        user: user(review.author, 11),
        body: null,
        commit_id: review.commitOid ?? '0'.repeat(40),
        submitted_at: review.submittedAt,
        state: review.state.toLowerCase(),
        html_url: `${serverUrl}/${fullName}/pull/${pull.number}#pullrequestreview-${review.databaseId}`,
        author_association: 'MEMBER'
      },
      pull_request: pullRequest(pull, seed, serverUrl),
      repository: repository(seed, serverUrl, apiUrl),
      sender: user(review.author, 11)
    }
  }
}

/** A schedule event payload. */
export function scheduleEvent(): Record<string, unknown> {
  return { schedule: '0 6 * * 1' }
}
