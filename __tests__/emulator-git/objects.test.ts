import { GitStore, hashObject } from '../../tools/github-emulator/git/index.js'

// Object ids below were produced by real git (git hash-object / git commit) for the same content.
const SIGNATURE = { name: 'T', email: 't@x', date: '2025-01-01T00:00:00Z' }

describe('GitStore object ids', () => {
  it('hashes blobs as git does', () => {
    expect(hashObject('blob', Buffer.from('hello\n'))).toBe('ce013625030ba8dba906f756967f9e9ca394464a')
    expect(new GitStore().writeBlob('')).toBe('e69de29bb2d1d6434b8b29ae775ad8c2e48c5391')
  })

  it('builds trees in git binary format and order (d-1 sorts before the folder d/)', () => {
    const git = new GitStore()
    const head = git.commitFiles('main', { 'a.txt': 'hello\n', 'd/e/f.json': 'x', 'd-1': 'y' }, 'msg')
    const tree = git.getCommit(head)?.tree as string
    expect(tree).toBe('1a9fd877f059da33ba97c4171f4c2b9f3cf55b2e')
    expect(git.getTree(tree)?.map((e) => e.name)).toEqual(['a.txt', 'd-1', 'd'])
    const commit = git.writeCommit({ tree, parents: [], message: 'msg\n', author: SIGNATURE })
    expect(commit).toBe('94327f2f773d7fcbc9265bc519096414ec08e660')
  })

  it('edits nested paths on a base tree and drops folders left empty', () => {
    const git = new GitStore()
    git.commitFiles('data', { 'history/pulls/2025-07.json': '[]\n', 'meta.json': '{}' }, 'one')
    const base = git.getCommit(git.getRef('refs/heads/data') as string)?.tree as string
    const added = git.buildTree(base, [
      { path: 'history/issues/2025-07.json', mode: '100644', sha: git.writeBlob('[1]') }
    ])
    expect(git.walkTree(added).map((e) => e.path)).toEqual([
      'history',
      'history/issues',
      'history/issues/2025-07.json',
      'history/pulls',
      'history/pulls/2025-07.json',
      'meta.json'
    ])
    const removed = git.buildTree(added, [
      { path: 'history/pulls/2025-07.json', mode: '100644', sha: null },
      { path: 'not/there.json', mode: '100644', sha: null }
    ])
    expect(git.walkTree(removed).map((e) => e.path)).toEqual([
      'history',
      'history/issues',
      'history/issues/2025-07.json',
      'meta.json'
    ])
  })

  it('refuses a non-fast-forward update unless forced, and counts forced updates', () => {
    const git = new GitStore()
    const first = git.commitFiles('data', { a: '1' }, 'one')
    const second = git.commitFiles('data', { a: '2' }, 'two')
    const sibling = git.writeCommit({
      tree: git.getCommit(first)?.tree as string,
      parents: [first],
      message: 'side'
    })
    expect(() => git.updateRef('refs/heads/data', sibling)).toThrow('Update is not a fast forward')
    expect(git.getRef('refs/heads/data')).toBe(second)
    git.updateRef('refs/heads/data', sibling, true)
    expect(git.forcedUpdates).toBe(1)
    expect(git.getRef('heads/data')).toBe(sibling)
  })

  it('raceNextRefUpdate lets another writer land first', () => {
    const git = new GitStore()
    const head = git.commitFiles('data', { a: '1' }, 'one')
    const mine = git.writeCommit({
      tree: git.getCommit(head)?.tree as string,
      parents: [head],
      message: 'mine'
    })
    git.raceNextRefUpdate()
    expect(() => git.updateRef('refs/heads/data', mine)).toThrow('not a fast forward')
    const moved = git.getRef('refs/heads/data') as string
    expect(git.getCommit(moved)?.message).toBe('concurrent writer')
    expect(git.getCommit(moved)?.parents).toEqual([head])
    expect(git.readFile('data', 'a')).toBe('1')
    // only the next update races
    const again = git.writeCommit({
      tree: git.getCommit(moved)?.tree as string,
      parents: [moved],
      message: 'again'
    })
    git.updateRef('refs/heads/data', again)
    expect(git.getRef('refs/heads/data')).toBe(again)
  })

  it('reads, lists and exports a branch', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs')
    const { tmpdir } = await import('node:os')
    const { join } = await import('node:path')
    const git = new GitStore()
    git.commitFiles('data', { 'reports/2026-11/README.md': '# r\n', 'meta.json': '{}' }, 'one')
    expect(git.readFile('data', 'reports/2026-11/README.md')).toBe('# r\n')
    expect(git.readFile('data', 'reports')).toBeNull()
    expect(git.readFile('missing', 'meta.json')).toBeNull()
    expect(git.listFiles('data')).toEqual(['meta.json', 'reports/2026-11/README.md'])
    const dir = mkdtempSync(join(tmpdir(), 'git-export-'))
    expect(git.exportBranch('data', dir)).toEqual(['meta.json', 'reports/2026-11/README.md'])
    expect(readFileSync(join(dir, 'reports', '2026-11', 'README.md'), 'utf8')).toBe('# r\n')
  })
})
