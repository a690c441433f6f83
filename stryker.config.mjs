// @ts-check
/**
 * Mutation testing of the work-order lifecycle (`npm run mutation`; CI runs it once per run).
 * Stryker changes lifecycle.ts one small way at a time (a condition flipped, a field dropped, a
 * branch emptied) and runs the lifecycle tests against each change: a change no test notices is a
 * hole in the tests. The run fails below a 90 % score.
 *
 * No type checker: @stryker-mutator/typescript-checker drives the TypeScript compiler API, which
 * TypeScript 7 (the native tsc this repo uses) no longer ships, so mutants that would not compile
 * are run anyway and count as killed or survived like any other.
 *
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  mutate: ['server/src/modules/events/lifecycle.ts'],
  testRunner: 'tap',
  plugins: ['@stryker-mutator/tap-runner'],
  // The lifecycle tests, bundled once per run with the instrumented lifecycle.ts: each mutant then
  // starts plain node on one JavaScript file, about a quarter of the CPU of tsx compiling on load.
  buildCommand:
    'esbuild server/src/modules/events/lifecycle*.test.ts --bundle --platform=node --format=esm --target=node20 --outdir=mutation --out-extension:.js=.mjs --log-level=warning',
  tap: {
    testFiles: ['mutation/*.test.mjs'],
    // node:test in-process, TAP on stdout; the hook collects each file's coverage
    nodeArgs: ['--test-reporter=tap', '-r', '{{hookFile}}', '{{testFile}}'],
  },
  // a test file is one "test" to the TAP runner: mutants no lifecycle test reaches are not run
  coverageAnalysis: 'perTest',
  concurrency: 2,
  thresholds: { high: 95, low: 90, break: 90 },
  // the sandbox needs only the server and the contracts it imports, not the web app or .tmp
  ignorePatterns: ['/*', '!/server', '!/contracts', '!/package.json', '!/tsconfig.base.json'],
  tempDirName: '.tmp/stryker',
  reporters: ['progress', 'clear-text', 'html', 'json'],
  htmlReporter: { fileName: '.tmp/mutation/lifecycle.html' },
  jsonReporter: { fileName: '.tmp/mutation/lifecycle.json' },
  cleanTempDir: 'always',
}
