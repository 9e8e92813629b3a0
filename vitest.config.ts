import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    // the e2e files launch the harness (Chromium, the built renderer) in beforeEach: on a busy machine that
    // takes longer than the default 10 s
    hookTimeout: 60_000,
    reporters: ['default', './test/summary-reporter.ts'],
    globalSetup: ['./test/global-setup.ts'],
  },
})
