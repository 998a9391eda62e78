/** Copies a branch of the emulator's repository to plain files, through the Git Data API. */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export async function fetchJson(url: string, token = 'demo-token-not-a-secret'): Promise<unknown> {
  const response = await fetch(url, {
    headers: { authorization: `token ${token}`, accept: 'application/vnd.github+json' }
  })
  if (!response.ok) throw new Error(`GET ${url} answered ${response.status}: ${await response.text()}`)
  return response.json()
}

export async function exportBranch(
  apiUrl: string,
  repository: string,
  branch: string,
  dir: string,
  token: string
): Promise<number> {
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const base = `${apiUrl}/repos/${repository}`
  const ref = (await fetchJson(`${base}/git/ref/heads/${branch}`, token)) as { object: { sha: string } }
  const commit = (await fetchJson(`${base}/git/commits/${ref.object.sha}`, token)) as {
    tree: { sha: string }
  }
  const tree = (await fetchJson(`${base}/git/trees/${commit.tree.sha}?recursive=1`, token)) as {
    tree: Array<{ path: string; type: string; sha: string }>
    truncated: boolean
  }
  let files = 0
  for (const entry of tree.tree) {
    if (entry.type !== 'blob') continue
    const blob = (await fetchJson(`${base}/git/blobs/${entry.sha}`, token)) as {
      content: string
      encoding: string
    }
    const path = join(dir, entry.path)
    mkdirSync(dirname(path), { recursive: true })
    writeFileSync(path, Buffer.from(blob.content, blob.encoding === 'base64' ? 'base64' : 'utf8'))
    files++
  }
  return files
}
