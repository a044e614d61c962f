import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository root. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))

/** Where browser tests drop screenshots (git-ignored, kept by CI as artifacts). */
export const artifactsDir = join(repoRoot, 'test-artifacts', 'e2e')

export function ensureArtifactsDir(): string {
  mkdirSync(artifactsDir, { recursive: true })
  return artifactsDir
}
