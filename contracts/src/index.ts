export * from './api.ts'
export * from './domain.ts'
export * from './views.ts'
