import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

// Benchmarks: `npx vitest bench --run --config test/bench/vitest.bench.config.ts` from the repo root.
export default defineConfig({
  root: fileURLToPath(new URL('../..', import.meta.url)),
  resolve: { conditions: ['source'] },
  ssr: { resolve: { conditions: ['source'] } },
  test: {
    include: ['test/bench/**/*.bench.ts'],
    benchmark: { include: ['test/bench/**/*.bench.ts'] },
    // isolated-vm needs real processes started with --no-node-snapshot.
    pool: 'forks',
    execArgv: ['--no-node-snapshot'],
  },
})
