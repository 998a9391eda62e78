/**
 * The "Data problems" section's context: each problem's kind and message, and for the values dropped as
 * out of order, each dropped value with a link to its pull request or issue. Markdown-escaped here.
 */
import type { DataProblem } from '../metrics/types.js'
import { escapeMarkdown, formatDuration } from './format.js'

const METRIC_LABELS: Record<string, string> = {
  reviewTurnaround: 'Review turnaround',
  timeToFirstReview: 'Time to first review',
  timeToMerge: 'Time to merge',
  cycleTime: 'Cycle time',
  'cycleTime.coding': 'Cycle time, coding',
  'cycleTime.pickup': 'Cycle time, pickup',
  'cycleTime.review': 'Cycle time, review',
  'cycleTime.merge': 'Cycle time, merge',
  issueFirstResponse: 'Issue first response',
  issueTimeToClose: 'Issue time to close'
}

export function dataProblemsContext(problems: readonly DataProblem[], repositoryUrl: string) {
  return problems.map((p) => ({
    kind: escapeMarkdown(p.kind),
    message: escapeMarkdown(p.message),
    items: (p.items ?? []).map((item) => ({
      metric: escapeMarkdown(METRIC_LABELS[item.metric] ?? item.metric),
      number: item.number,
      url: `${repositoryUrl}/${item.item === 'pull' ? 'pull' : 'issues'}/${item.number}`,
      start: item.start,
      end: item.end,
      seconds: item.seconds,
      duration: formatDuration(item.seconds)
    }))
  }))
}
