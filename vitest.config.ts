import vue from '@vitejs/plugin-vue'
import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { TIERS } from './test/tiers.ts'

// Two tiers (test/tiers.ts): `npm run test:fast` runs the first; `npm test` runs both, and the slow tier builds
// the app once before its first test (test/global-setup.ts).
export default defineConfig({
  plugins: [vue()],
  test: {
    testTimeout: 60_000,
    // two test files at a time even on 2 cores (vitest's default is cores − 1): the slow tier's files spend much of
    // their time waiting on trainer processes, workers and Chromium, so a second file uses the idle core
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // the e2e files launch the harness (Chromium, the built renderer) in beforeEach: on a busy machine that
    // takes longer than the default 10 s
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { extends: true, test: { name: 'fast', ...TIERS.fast } },
      { extends: true, test: { name: 'slow', ...TIERS.slow, globalSetup: ['./test/global-setup.ts'] } },
    ],
  },
})
