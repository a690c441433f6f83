export * from './api.ts'
export * from './domain.ts'
export * from './staff.ts'
export * from './views.ts'
