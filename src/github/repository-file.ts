/** A file of a repository's default branch as text, or null when it is absent (the contents API). */
import type { Settings } from '../settings-types.js'
import type { GitHubClient } from './client.js'

export async function readRepositoryFile(
  client: GitHubClient,
  settings: Settings,
  path: string
): Promise<string | null> {
  try {
    const response = await client.octokit.rest.repos.getContent({
      owner: settings.repository.owner,
      repo: settings.repository.repo,
      path
    })
    const data = response.data as { content?: string; encoding?: string }
    if (typeof data.content !== 'string') return null
    return Buffer.from(data.content, (data.encoding as BufferEncoding) ?? 'base64').toString('utf8')
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null
    throw error
  }
}
