// What `scrm plugin test` runs a plugin's tests with (`--config` this file, `--root` the plugin).
import { defineConfig } from 'vitest/config'

export default defineConfig({
  resolve: {
    // The SDK and the platform resolve to their TypeScript sources: nothing needs building first.
    conditions: ['source'],
  },
  ssr: {
    resolve: { conditions: ['source'] },
  },
  test: {
    include: ['src/**/*.test.ts'],
    exclude: ['**/node_modules/**', '**/dist/**'],
    // The platform's sandbox (isolated-vm) needs real processes started with --no-node-snapshot.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
})
