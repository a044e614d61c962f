import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // Workspace packages resolve to their TypeScript sources: tests need no build.
    conditions: ['source'],
  },
  ssr: {
    resolve: { conditions: ['source'] },
  },
  test: {
    include: [
      'packages/**/src/**/*.test.ts',
      'plugins/**/src/**/*.test.ts',
      'apps/server/src/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    exclude: ['**/node_modules/**', '**/dist/**', 'test/bench/**'],
    // isolated-vm needs real processes started with --no-node-snapshot.
    pool: 'forks',
    // Vitest's default (cores − 1) is one worker on a 2-core CI box, and many files spend their
    // time waiting on a server process, Chromium or a timer: two workers took the suite from
    // 1,019 s to 694 s there, all passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    execArgv: ['--no-node-snapshot'],
    // CI shares two cores between two workers, servers and browsers: a browser step that lost a
    // click there gets one more try. Locally a failure stays a failure on the first run.
    retry: process.env.CI ? 1 : 0,
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
