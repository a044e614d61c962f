import { existsSync, mkdirSync } from 'node:fs'
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

/**
 * The built web app the server serves at `/`. SCRM_WEB_DIR points the server (and this
 * check) at another build, so several people can build and test the UI at once.
 */
export const webDistDir = process.env.SCRM_WEB_DIR ?? join(repoRoot, 'apps/web/dist')
export const webDistIndex = join(webDistDir, 'index.html')

/** Browser tests need the built UI: fail early with a clear message instead of a 404 page. */
export function assertWebBuilt(): void {
  if (!existsSync(webDistIndex))
    throw new Error(`${webDistIndex} not found: build the web app first (npm run build, or npm test which builds)`)
}
