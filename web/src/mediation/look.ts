/** How the mediation pages show a case's term (solid tags, white text: WCAG AA as the workbench's). */
export const TERM_COLOR = { normal: undefined, warning: '#92400e', overdue: '#b91c1c' } as const
