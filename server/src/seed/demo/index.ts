/** The demo seed's one entry: seed.ts imports it only when seeding with demo on. */

export { seedDemoArticles } from '../../modules/knowledge/seed.ts'
export { DEMO_PASSWORD, demoAccounts } from './accounts.ts'
export { generateDemoCity } from './city.ts'
export { demoMediationNetwork } from './mediation.ts'
export { demoPlaces } from './places.ts'
export { demoSweepSites } from './sweep-sites.ts'
