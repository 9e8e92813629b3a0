// The two test tiers (vitest.config.ts). 'fast': the core, the contracts, the lecture reference, renderer
// components and the docs/layer checks; nothing is built and no process is started (`npm run test:fast`).
// The seeded fuzz properties (test/fuzz) are fast too: small files in a temporary folder, data scripts run in
// this thread. 'slow': everything that needs the built app or real processes: host services, the trainer and
// sandbox, the CLI, scripts, browser end-to-end tests, and learning tests. test/architecture.test.ts checks that every test
// file is in exactly one tier.
const LEARNING = ['test/examples.test.ts', 'test/core/nettalk/learning.test.ts']

export const TIERS = {
  fast: {
    include: ['test/core/**/*.test.ts', 'test/shared/**/*.test.ts', 'test/fuzz/**/*.test.ts', 'test/reference/**/*.test.ts', 'test/renderer/**/*.test.ts', 'test/*.test.ts'],
    exclude: LEARNING,
  },
  slow: {
    include: ['test/node/**/*.test.ts', 'test/cli/**/*.test.ts', 'test/scripts/**/*.test.ts', 'test/e2e/**/*.test.ts', ...LEARNING],
    exclude: [] as string[],
  },
}

/** A glob of the forms above (`**` any folders, `*` any name part) as a regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob
    .split('**/')
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*'))
    .join('(?:[^/]+/)*')
  return new RegExp(`^${body}$`)
}

/** The tiers a test file (a path relative to the repository) belongs to. */
export function tiersOf(file: string): string[] {
  return Object.entries(TIERS)
    .filter(([, t]) => t.include.some((g) => globToRegExp(g).test(file)) && !t.exclude.some((g) => globToRegExp(g).test(file)))
    .map(([name]) => name)
}
