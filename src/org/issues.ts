/**
 * The issues of an organization's repositories, each counted once when it moved between them (used by
 * src/org/pool.ts).
 */
import type { IssueItem, SnapshotValues } from './values.js'

/** An issue copy left out because the issue moved to another repository of the organization. */
export interface DroppedIssueCopy {
  repository: string
  number: number
  /** The repository and number of the copy that counts (where the issue lives now). */
  keptIn: { repository: string; number: number }
}

interface IssueCopy {
  repository: string
  item: IssueItem
  /** Time of the copy's latest transfer (-Infinity: none). */
  latest: number
}

/**
 * Issues transferred between repositories of the organization, counted once.
 *
 * What the records hold: a transfer is recorded only on the issue in the repository it went to
 * (IssueTransfer: when, and `from` = the repository it came from; GitHub gives no old number). The
 * issue keeps its createdAt and author. The repository it left keeps its own stored copy (the sync
 * never sees the issue there again, so that copy stays as it was when last read, under its old number).
 * So one issue can be in two (or, moved on again, more) repositories' values.
 *
 * The dedupe: copies are grouped by (createdAt, author). In a group where some copy records a transfer
 * from a repository R of the organization, R's copies are copies the issue left — unless a copy of R is
 * the group's newest home (the copy with the latest transfer: an issue moved A → B → A lives in A
 * again). Those left copies do not count: not as opened or closed, not with their issueFirstResponse
 * or issueTimeToClose values. Their transfers count only when the kept copy does not record the same
 * transfer (same time, same origin), so each transfer counts once. Transfers from outside the
 * organization, and issues never moved, are untouched: an organization of one repository is exactly
 * that repository — with one exception, where the repository's own figures count twice: an issue that
 * left it and came back (a transfer from itself) has its old copy dropped here.
 *
 * Only the window's issues are seen (those the values files list), so a copy left behind long ago
 * that is still open and unanswered stays in its repository's backlog (and the organization's): the
 * repository's own report lists it too, until its sync learns the issue is gone.
 *
 * The match is by createdAt (to the second) and author, as no number links the copies: two different
 * issues opened by one person in the same second in two repositories, one of which then received an
 * issue from the other, would be taken for one.
 */
export function dedupeIssues(inputs: readonly SnapshotValues[]): {
  counts: { opened: number; closed: number; transferred: number }
  stale: Map<string, Set<number>>
  dropped: DroppedIssueCopy[]
} {
  const members = new Set(inputs.map((i) => i.repository.toLowerCase()))
  const groups = new Map<string, IssueCopy[]>()
  for (const input of inputs) {
    for (const item of input.issueItems ?? []) {
      const key = `${item.createdAt}\u0000${item.author ?? ''}`
      let latest = -Infinity
      for (const t of item.transfers) latest = Math.max(latest, Date.parse(t.at))
      let group = groups.get(key)
      if (!group) groups.set(key, (group = []))
      group.push({ repository: input.repository, item, latest })
    }
  }
  const stale = new Map<string, Set<number>>()
  const dropped: DroppedIssueCopy[] = []
  const counts = { opened: 0, closed: 0, transferred: 0 }
  for (const group of groups.values()) {
    // Repositories of the organization that some copy says the issue came from.
    const left = new Set<string>()
    for (const copy of group) {
      for (const t of copy.item.transfers) {
        const from = t.from?.toLowerCase()
        if (from && members.has(from)) left.add(from)
      }
    }
    let home = group[0]
    for (const copy of group) if (copy.latest > home.latest) home = copy
    const kept: IssueCopy[] = []
    const leftCopies: IssueCopy[] = []
    for (const copy of group) {
      if (copy !== home && left.has(copy.repository.toLowerCase())) leftCopies.push(copy)
      else kept.push(copy)
    }
    const keptTransfers = new Set<string>()
    for (const copy of kept) {
      if (copy.item.opened) counts.opened++
      if (copy.item.closed) counts.closed++
      for (const t of copy.item.transfers) {
        if (!t.counted) continue
        counts.transferred++
        keptTransfers.add(`${t.at}\u0000${t.from ?? ''}`)
      }
    }
    for (const copy of leftCopies) {
      for (const t of copy.item.transfers) {
        const key = `${t.at}\u0000${t.from ?? ''}`
        if (t.counted && !keptTransfers.has(key)) {
          counts.transferred++
          keptTransfers.add(key)
        }
      }
      let numbers = stale.get(copy.repository)
      if (!numbers) stale.set(copy.repository, (numbers = new Set()))
      numbers.add(copy.item.number)
      dropped.push({
        repository: copy.repository,
        number: copy.item.number,
        keptIn: { repository: home.repository, number: home.item.number }
      })
    }
  }
  return { counts, stale, dropped }
}
