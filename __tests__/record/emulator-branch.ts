/**
 * Shared by the record tests on the emulator: a git store on a branch of the emulator's repository,
 * a real-shaped pull_request_review `submitted` event, and a measured piece of work.
 */
import { getOctokit } from '@actions/github'
import type { PullRequest } from '../../src/model.js'
import { createGitDataStore } from '../../src/store/index.js'
import type { DataStore } from '../../src/store/types.js'
import type { RunningEmulator } from '../../tools/github-emulator/server.js'

/** The git store the action makes for `branch` of acme/widgets on the emulator. */
export function emulatorGitStore(emu: RunningEmulator, branch: string, backoffMs = 5): DataStore {
  return createGitDataStore({
    octokit: getOctokit('test-token', { baseUrl: emu.url }),
    owner: 'acme',
    repo: 'widgets',
    branch,
    backoffMs
  })
}

/** A pull_request_review submitted event (REST shapes) for a review of the stored pull request. */
export function reviewPayloadFor(
  stored: PullRequest,
  reviewer: string,
  submittedAt: string
): Record<string, unknown> {
  return {
    action: 'submitted',
    review: {
      id: stored.number * 10,
      user: { login: reviewer, type: 'User' },
      state: 'approved',
      submitted_at: submittedAt
    },
    pull_request: {
      number: stored.number,
      title: stored.title,
      user: { login: 'alice', type: 'User' },
      created_at: stored.createdAt,
      updated_at: submittedAt,
      closed_at: null,
      merged_at: null,
      draft: false,
      labels: [],
      base: { ref: 'main' }
    }
  }
}

/** The work's result and the emulator's counts for it alone. */
export async function measuredOn<T>(emu: RunningEmulator, work: () => Promise<T>) {
  emu.stats.reset()
  const result = await work()
  return { result, stats: emu.stats.snapshot() }
}
