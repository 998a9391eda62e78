/**
 * An in-memory git object database with real object ids: blobs, trees and commits are hashed exactly
 * as git hashes them (`sha1("<type> <length>\0" + body)`, trees in git's binary entry format and sort
 * order), so a sha the emulator returns is the sha `git hash-object` would print for the same content.
 */
import { createHash } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'

export type ObjectType = 'blob' | 'tree' | 'commit'

/** Git file modes as the REST API spells them. */
export type TreeMode = '100644' | '100755' | '040000' | '160000' | '120000'

export interface TreeEntry {
  mode: TreeMode
  name: string
  sha: string
}

export interface Signature {
  name: string
  email: string
  /** ISO 8601 time. */
  date: string
}

export interface CommitData {
  tree: string
  parents: string[]
  message: string
  author: Signature
  committer: Signature
}

export type GitObject =
  | { type: 'blob'; sha: string; content: Buffer }
  | { type: 'tree'; sha: string; entries: TreeEntry[] }
  | { type: 'commit'; sha: string; commit: CommitData }

export class GitError extends Error {
  constructor(
    message: string,
    readonly status: 404 | 409 | 422
  ) {
    super(message)
    this.name = 'GitError'
  }
}

const EMULATOR_SIGNATURE = { name: 'GitHub Emulator', email: 'noreply@github.com' }

export function hashObject(type: ObjectType, body: Buffer): string {
  const header = Buffer.from(`${type} ${body.length}\0`, 'utf8')
  return createHash('sha1').update(header).update(body).digest('hex')
}

/** Git orders tree entries by name, comparing a subtree's name as if it ended with `/`. */
export function compareTreeEntries(a: TreeEntry, b: TreeEntry): number {
  const ka = Buffer.from(a.mode === '040000' ? `${a.name}/` : a.name, 'utf8')
  const kb = Buffer.from(b.mode === '040000' ? `${b.name}/` : b.name, 'utf8')
  return Buffer.compare(ka, kb)
}

export function treeBody(entries: TreeEntry[]): Buffer {
  const sorted = [...entries].sort(compareTreeEntries)
  const parts: Buffer[] = []
  for (const entry of sorted) {
    // git writes a subtree's mode without the leading zero
    const mode = entry.mode === '040000' ? '40000' : entry.mode
    parts.push(Buffer.from(`${mode} ${entry.name}\0`, 'utf8'), Buffer.from(entry.sha, 'hex'))
  }
  return Buffer.concat(parts)
}

function gitTime(iso: string): string {
  const ms = Date.parse(iso)
  if (Number.isNaN(ms)) throw new GitError(`Invalid date: ${iso}`, 422)
  return `${Math.floor(ms / 1000)} +0000`
}

export function commitBody(commit: CommitData): Buffer {
  const lines = [`tree ${commit.tree}`]
  for (const parent of commit.parents) lines.push(`parent ${parent}`)
  lines.push(`author ${commit.author.name} <${commit.author.email}> ${gitTime(commit.author.date)}`)
  lines.push(
    `committer ${commit.committer.name} <${commit.committer.email}> ${gitTime(commit.committer.date)}`
  )
  return Buffer.from(`${lines.join('\n')}\n\n${commit.message}`, 'utf8')
}

export function typeOfMode(mode: TreeMode): ObjectType {
  if (mode === '040000') return 'tree'
  if (mode === '160000') return 'commit'
  return 'blob'
}

/** A path change for buildTree: a blob sha to place at the path, or null to delete it. */
export interface PathChange {
  path: string
  mode: TreeMode
  sha: string | null
}

interface MutableDir {
  entries: Map<string, TreeEntry>
  /** Subdirectories opened for editing (by name). */
  dirs: Map<string, MutableDir>
}

export class GitStore {
  private readonly objects = new Map<string, GitObject>()
  private readonly refs = new Map<string, string>()
  /** Number of ref updates made with `force: true` (for the concurrency bench). */
  forcedUpdates = 0
  /** Ref updates refused as not fast-forward. */
  rejectedUpdates = 0
  /** GraphQL Blob.text is cut (isTruncated) above this many bytes, like GitHub. */
  blobTextLimit = 512 * 1024
  private racesPending = 0
  /** A clock for emulator-made commits; tests may replace it. */
  now: () => Date = () => new Date()

  // ---- objects -------------------------------------------------------------------------------

  writeBlob(content: Buffer | string): string {
    const body = typeof content === 'string' ? Buffer.from(content, 'utf8') : content
    const sha = hashObject('blob', body)
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'blob', sha, content: body })
    return sha
  }

  writeTree(entries: TreeEntry[]): string {
    const names = new Set<string>()
    for (const entry of entries) {
      if (!entry.name || entry.name.includes('/') || entry.name === '.' || entry.name === '..') {
        throw new GitError(`Invalid tree entry name: ${entry.name}`, 422)
      }
      if (names.has(entry.name)) throw new GitError(`Duplicate tree entry: ${entry.name}`, 422)
      names.add(entry.name)
      if (entry.mode !== '160000') {
        const target = this.objects.get(entry.sha)
        if (!target || target.type !== typeOfMode(entry.mode)) {
          throw new GitError(`Invalid sha for tree entry ${entry.name}: ${entry.sha}`, 422)
        }
      }
    }
    const sorted = [...entries].sort(compareTreeEntries)
    const sha = hashObject('tree', treeBody(sorted))
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'tree', sha, entries: sorted })
    return sha
  }

  writeCommit(input: {
    tree: string
    parents: string[]
    message: string
    author?: Partial<Signature>
    committer?: Partial<Signature>
  }): string {
    const tree = this.objects.get(input.tree)
    if (!tree || tree.type !== 'tree') throw new GitError('Tree SHA does not exist', 422)
    for (const parent of input.parents) {
      const p = this.objects.get(parent)
      if (!p || p.type !== 'commit')
        throw new GitError('Parent SHA does not exist or is not a commit object', 422)
    }
    const date = this.now()
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
    const author: Signature = {
      name: input.author?.name ?? EMULATOR_SIGNATURE.name,
      email: input.author?.email ?? EMULATOR_SIGNATURE.email,
      date: input.author?.date ?? date
    }
    const committer: Signature = {
      name: input.committer?.name ?? author.name,
      email: input.committer?.email ?? author.email,
      date: input.committer?.date ?? author.date
    }
    const commit: CommitData = {
      tree: input.tree,
      parents: [...input.parents],
      message: input.message,
      author,
      committer
    }
    const sha = hashObject('commit', commitBody(commit))
    if (!this.objects.has(sha)) this.objects.set(sha, { type: 'commit', sha, commit })
    return sha
  }

  getObject(sha: string): GitObject | undefined {
    return this.objects.get(sha.toLowerCase())
  }

  getBlob(sha: string): Buffer | undefined {
    const obj = this.getObject(sha)
    return obj?.type === 'blob' ? obj.content : undefined
  }

  getTree(sha: string): TreeEntry[] | undefined {
    const obj = this.getObject(sha)
    return obj?.type === 'tree' ? obj.entries : undefined
  }

  getCommit(sha: string): CommitData | undefined {
    const obj = this.getObject(sha)
    return obj?.type === 'commit' ? obj.commit : undefined
  }

  /** Size in bytes of an object's body (as git reports it). */
  sizeOf(sha: string): number {
    const obj = this.getObject(sha)
    if (!obj) return 0
    if (obj.type === 'blob') return obj.content.length
    if (obj.type === 'tree') return treeBody(obj.entries).length
    return commitBody(obj.commit).length
  }

  /**
   * A new tree: `base` (a tree sha, or null for an empty tree) with the changes applied. Paths with
   * slashes create or edit subtrees; a subtree left empty by deletions disappears, as in git.
   */
  buildTree(base: string | null, changes: PathChange[]): string {
    const root = this.openDir(base)
    for (const change of changes) {
      const parts = change.path.split('/')
      if (parts.some((p) => p === '' || p === '.' || p === '..')) {
        throw new GitError(`Invalid tree path: ${change.path}`, 422)
      }
      let dir = root
      let skip = false
      for (const part of parts.slice(0, -1)) {
        let child = dir.dirs.get(part)
        if (!child) {
          const existing = dir.entries.get(part)
          const isDir = existing?.mode === '040000'
          if (change.sha === null && !isDir) {
            // deleting below a path that is no folder: nothing to delete
            skip = true
            break
          }
          if (existing && !isDir) throw new GitError(`Path ${change.path} crosses the file ${part}`, 422)
          child = this.openDir(existing ? existing.sha : null)
          dir.dirs.set(part, child)
        }
        dir = child
      }
      if (skip) continue
      const name = parts[parts.length - 1]
      if (change.sha === null) {
        dir.entries.delete(name)
        dir.dirs.delete(name)
      } else {
        dir.dirs.delete(name)
        dir.entries.set(name, { mode: change.mode, name, sha: change.sha })
      }
    }
    return this.closeDir(root) ?? this.writeTree([])
  }

  private openDir(sha: string | null): MutableDir {
    const entries = new Map<string, TreeEntry>()
    if (sha !== null) {
      const tree = this.getTree(sha)
      if (!tree) throw new GitError(`Invalid tree sha: ${sha}`, 422)
      for (const entry of tree) entries.set(entry.name, entry)
    }
    return { entries, dirs: new Map() }
  }

  /** Writes an edited directory; undefined when it ended up empty. */
  private closeDir(dir: MutableDir): string | undefined {
    for (const [name, child] of dir.dirs) {
      const sha = this.closeDir(child)
      if (sha === undefined) dir.entries.delete(name)
      else dir.entries.set(name, { mode: '040000', name, sha })
    }
    if (dir.entries.size === 0) return undefined
    return this.writeTree([...dir.entries.values()])
  }

  /** All blobs under a tree, with their paths (depth first, git order). */
  walkTree(sha: string, prefix = ''): { path: string; mode: TreeMode; type: ObjectType; sha: string }[] {
    const out: { path: string; mode: TreeMode; type: ObjectType; sha: string }[] = []
    for (const entry of this.getTree(sha) ?? []) {
      const path = prefix + entry.name
      out.push({ path, mode: entry.mode, type: typeOfMode(entry.mode), sha: entry.sha })
      if (entry.mode === '040000') out.push(...this.walkTree(entry.sha, `${path}/`))
    }
    return out
  }

  /** Resolves `path` inside a tree to an entry (or the tree itself for an empty path). */
  lookupPath(treeSha: string, path: string): { mode: TreeMode; sha: string } | null {
    let current: { mode: TreeMode; sha: string } = { mode: '040000', sha: treeSha }
    for (const part of path.split('/').filter((p) => p !== '')) {
      if (current.mode !== '040000') return null
      const entry = this.getTree(current.sha)?.find((e) => e.name === part)
      if (!entry) return null
      current = entry
    }
    return current
  }

  /** True when `ancestor` is `descendant` or reachable from it through parents. */
  isAncestor(ancestor: string, descendant: string): boolean {
    const seen = new Set<string>()
    const stack = [descendant]
    while (stack.length > 0) {
      const sha = stack.pop() as string
      if (sha === ancestor) return true
      if (seen.has(sha)) continue
      seen.add(sha)
      stack.push(...(this.getCommit(sha)?.parents ?? []))
    }
    return false
  }

  // ---- refs ----------------------------------------------------------------------------------

  /** `refs/heads/x` → sha. Accepts `heads/x` too. */
  getRef(ref: string): string | undefined {
    return this.refs.get(qualify(ref))
  }

  listRefs(prefix = 'refs/'): { ref: string; sha: string }[] {
    const p = prefix.startsWith('refs/') ? prefix : `refs/${prefix}`
    return [...this.refs.entries()]
      .filter(([ref]) => ref.startsWith(p))
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([ref, sha]) => ({ ref, sha }))
  }

  createRef(ref: string, sha: string): void {
    const name = qualify(ref)
    if (!/^refs\/.+/.test(name) || name.split('/').length < 3) {
      throw new GitError('Reference name must start with refs/ and have at least two slashes', 422)
    }
    if (this.refs.has(name)) throw new GitError('Reference already exists', 422)
    if (!this.getObject(sha)) throw new GitError('Object does not exist', 422)
    this.refs.set(name, sha.toLowerCase())
  }

  /** Moves a ref. Without `force` the new commit must descend from the current one. */
  updateRef(ref: string, sha: string, force = false): void {
    const name = qualify(ref)
    if (!this.refs.has(name)) throw new GitError('Reference does not exist', 422)
    const target = sha.toLowerCase()
    if (!this.getObject(target)) throw new GitError('Object does not exist', 422)
    if (this.racesPending > 0 && name.startsWith('refs/heads/')) {
      this.racesPending--
      this.simulateConcurrentWriter(name)
    }
    const current = this.refs.get(name) as string
    if (force) {
      this.forcedUpdates++
    } else if (!this.isAncestor(current, target)) {
      this.rejectedUpdates++
      throw new GitError('Update is not a fast forward', 422)
    }
    this.refs.set(name, target)
  }

  deleteRef(ref: string): void {
    const name = qualify(ref)
    if (!this.refs.delete(name)) throw new GitError('Reference does not exist', 422)
  }

  /**
   * The next branch update first sees another writer move the ref: a commit with the same tree and
   * the message "concurrent writer" lands on top of the current head, so a non-forced update made
   * from the old head is refused as not fast-forward.
   */
  raceNextRefUpdate(): void {
    this.racesPending++
  }

  private simulateConcurrentWriter(name: string): void {
    const head = this.refs.get(name) as string
    const tree = this.getCommit(head)?.tree ?? this.writeTree([])
    const sha = this.writeCommit({ tree, parents: [head], message: 'concurrent writer' })
    this.refs.set(name, sha)
  }

  // ---- convenience ---------------------------------------------------------------------------

  /** The commit a branch (or a 40-hex commit sha) points to. */
  resolveCommit(branchOrSha: string): string | undefined {
    if (/^[0-9a-f]{40}$/i.test(branchOrSha) && this.getCommit(branchOrSha)) return branchOrSha.toLowerCase()
    const sha =
      this.refs.get(qualify(branchOrSha)) ??
      this.refs.get(`refs/heads/${branchOrSha}`) ??
      this.refs.get(`refs/tags/${branchOrSha}`)
    return sha && this.getCommit(sha) ? sha : undefined
  }

  /** A file's text on a branch, or null when the branch or the file does not exist. */
  readFile(branch: string, path: string): string | null {
    const head = this.resolveCommit(branch)
    if (!head) return null
    const entry = this.lookupPath((this.getCommit(head) as CommitData).tree, path)
    if (!entry || entry.mode === '040000') return null
    const blob = this.getBlob(entry.sha)
    return blob ? blob.toString('utf8') : null
  }

  /** Paths of all files on a branch (empty when the branch does not exist). */
  listFiles(branch: string): string[] {
    const head = this.resolveCommit(branch)
    if (!head) return []
    return this.walkTree((this.getCommit(head) as CommitData).tree)
      .filter((e) => e.type === 'blob')
      .map((e) => e.path)
  }

  /** Writes every file of a branch under `dir` (for the demo); returns the paths written. */
  exportBranch(branch: string, dir: string): string[] {
    const head = this.resolveCommit(branch)
    if (!head) return []
    const written: string[] = []
    for (const entry of this.walkTree((this.getCommit(head) as CommitData).tree)) {
      if (entry.type !== 'blob') continue
      const target = join(dir, ...entry.path.split('/'))
      mkdirSync(dirname(target), { recursive: true })
      writeFileSync(target, this.getBlob(entry.sha) as Buffer)
      written.push(entry.path)
    }
    return written
  }

  /** Commits `files` on top of a branch (creating it as an orphan when missing), for seeding. */
  commitFiles(branch: string, files: Record<string, string | null>, message: string): string {
    const ref = `refs/heads/${branch}`
    const head = this.refs.get(ref)
    const base = head ? (this.getCommit(head) as CommitData).tree : null
    const changes: PathChange[] = Object.entries(files).map(([path, content]) => ({
      path,
      mode: '100644',
      sha: content === null ? null : this.writeBlob(content)
    }))
    const tree = this.buildTree(base, changes)
    const sha = this.writeCommit({ tree, parents: head ? [head] : [], message })
    if (head) this.refs.set(ref, sha)
    else this.createRef(ref, sha)
    return sha
  }
}

/** `heads/x` → `refs/heads/x`; `refs/...` unchanged. */
export function qualify(ref: string): string {
  return ref.startsWith('refs/') ? ref : `refs/${ref}`
}
