/**
 * `PUT /repos/{owner}/{repo}/contents/{path}`: creates or replaces one file with a commit on a branch,
 * as GitHub's "Create or update file contents" does. The commit's parent is the branch head; the ref
 * moves without force (a concurrent writer, e.g. the `ref-race` fault, makes it answer 409).
 *
 * GitHub's answers, modelled here: 201 with a `file-commit` for a new file, 200 for a replaced one;
 * 422 `"sha" wasn't supplied` when the path exists and no `sha` is given; 409 `PATH does not match
 * SHA` when the given `sha` is not the file's; 404 `Branch NAME not found` when the branch is missing;
 * 422 for a body without `message` or with `content` that is not base64.
 */
import type { GitStore, TreeMode } from '../git/objects.js'
import { bodyOf, notFound, type RestHandler } from './common.js'
import { repoApi, repoHtml } from './shapes.js'

const DOCS = 'https://docs.github.com/rest/repos/contents#create-or-update-file-contents'
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/

function answer(status: number, message: string) {
  return { status, body: { message, documentation_url: DOCS, status: String(status) } }
}

function nodeId(kind: string, sha: string): string {
  return Buffer.from(`${kind}:${sha}`, 'utf8').toString('base64').replace(/=+$/, '')
}

export const putContents: RestHandler = (ctx) => {
  const { state } = ctx
  // the real store (its write methods are not part of the read-only surface state.ts names)
  const git = state.git as unknown as GitStore | undefined
  if (!git) return notFound()
  const path = (ctx.params.path ?? '').replace(/^\/+|\/+$/g, '')
  const body = bodyOf(ctx.req)
  if (typeof body.message !== 'string') return answer(422, 'Invalid request.\n\n"message" wasn\'t supplied.')
  if (typeof body.content !== 'string') return answer(422, 'Invalid request.\n\n"content" wasn\'t supplied.')
  if (!BASE64.test(body.content)) return answer(422, 'content is not valid Base64')
  if (path === '' || path.split('/').some((p) => p === '' || p === '.' || p === '..'))
    return answer(422, `path ${path} is not a valid file path`)
  const branch =
    typeof body.branch === 'string' ? body.branch.replace(/^refs\/heads\//, '') : state.seed.defaultBranch
  const ref = `refs/heads/${branch}`
  const head = git.getRef(ref)
  if (!head) return answer(404, `Branch ${branch} not found`)
  const headCommit = git.getCommit(head)
  if (!headCommit) return answer(404, `Branch ${branch} not found`)
  const existing = git.lookupPath(headCommit.tree, path)
  if (existing && existing.mode === '040000') return answer(422, `path ${path} is a directory`)
  if (existing && body.sha === undefined) return answer(422, 'Invalid request.\n\n"sha" wasn\'t supplied.')
  if (body.sha !== undefined && (!existing || String(body.sha).toLowerCase() !== existing.sha))
    return answer(409, `${path} does not match ${String(body.sha)}`)

  const blob = git.writeBlob(Buffer.from(body.content, 'base64'))
  const mode: TreeMode = (existing?.mode as TreeMode | undefined) ?? '100644'
  const tree = git.buildTree(headCommit.tree, [{ path, mode, sha: blob }])
  const commit = git.writeCommit({ tree, parents: [head], message: body.message })
  try {
    git.updateRef(ref, commit, false)
  } catch {
    // another writer moved the branch between reading the head and moving it
    return answer(409, `${ref} is at ${git.getRef(ref) ?? 'an unknown commit'} but expected ${head}`)
  }

  const api = repoApi(state)
  const html = repoHtml(state)
  const data = git.getCommit(commit)!
  const self = `${api}/contents/${path}?ref=${encodeURIComponent(branch)}`
  const gitUrl = `${api}/git/blobs/${blob}`
  const htmlUrl = `${html}/blob/${branch}/${path}`
  return {
    status: existing ? 200 : 201,
    body: {
      content: {
        name: path.split('/').pop(),
        path,
        sha: blob,
        size: git.sizeOf(blob),
        url: self,
        html_url: htmlUrl,
        git_url: gitUrl,
        download_url: `${state.baseUrl}/raw/${state.owner}/${state.name}/${branch}/${path}`,
        type: 'file',
        _links: { self, git: gitUrl, html: htmlUrl }
      },
      commit: {
        sha: commit,
        node_id: nodeId('Commit', commit),
        url: `${api}/git/commits/${commit}`,
        html_url: `${html}/commit/${commit}`,
        author: { ...data.author },
        committer: { ...data.committer },
        message: data.message,
        tree: { sha: tree, url: `${api}/git/trees/${tree}` },
        parents: [{ sha: head, url: `${api}/git/commits/${head}`, html_url: `${html}/commit/${head}` }],
        verification: {
          verified: false,
          reason: 'unsigned',
          signature: null,
          payload: null,
          verified_at: null
        }
      }
    }
  }
}
