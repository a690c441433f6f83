/** How the workbench shows an event's state, priority and times (shared by the table and the drawer). */

// solid tags with white text: every pair passes WCAG AA contrast (antd's light preset tags do not)
export const PRIORITY_COLOR = { urgent: '#b91c1c', high: '#c2410c', normal: undefined } as const
export const STATE_COLOR: Record<string, string> = {
  submitted: '#5b21b6',
  assigned: '#92400e',
  in_progress: '#1d4ed8',
  reviewing: '#6d28d9',
  resolved: '#0f766e',
  closed: '#166534',
  rejected: '#4b5563',
  merged: '#4b5563',
}
export const ALERT_COLOR = '#b91c1c'
export const SLA_COLOR = { warning: '#92400e', overdue: '#b91c1c' } as const

/** An event's times: China time to the minute, whatever the browser's zone. */
export { formatChinaTime as formatTime } from '../lib/china-time.ts'
