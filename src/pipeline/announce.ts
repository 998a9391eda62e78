/**
 * Phase 4, announce: open or update this period's notification issue. Runs only after the save
 * phase, and only on a complete sync (a partial report is not worth a notification yet).
 */
import type { Logger } from '../log.js'
import { issueMarker } from '../notify/index.js'
import type { Settings } from '../settings-types.js'
import type { Measured } from './measure.js'
import type { Rendered } from './render.js'
import type { Announcement, Notifier } from './types.js'

export async function announce(
  settings: Settings,
  deps: { notifier: Notifier; log: Logger },
  measured: Measured,
  rendered: Rendered
): Promise<Announcement | null> {
  const { log } = deps
  if (!measured.sync.complete) {
    log.notice('The notification issue waits for a complete sync: a later run opens or updates it.')
    return null
  }
  const result = await deps.notifier.announce({
    label: settings.issueLabel,
    title: rendered.title,
    body: rendered.report.issueBody,
    period: measured.period,
    marker: issueMarker(measured.repository, measured.period),
    assignees: settings.issueAssignees,
    closePrevious: settings.closePreviousIssue
  })
  const verb = result.created ? 'Opened' : result.unchanged ? 'Issue already up to date:' : 'Updated'
  log.info(`${verb} issue #${result.number}: ${result.url}`)
  return result
}
