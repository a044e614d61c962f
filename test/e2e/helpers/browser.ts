import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { ensureArtifactsDir } from './paths'

/** Debian's Chromium (`apt-get install chromium`); CHROMIUM_PATH overrides. */
export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
export const hasChromium = existsSync(chromiumPath)
export const skipReason = `browser tests skipped: ${chromiumPath} not found (apt-get install chromium, or set CHROMIUM_PATH)`

/** Flags that keep headless Chromium quiet, offline and root-friendly. */
export const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
]

export interface ConsoleEntry {
  kind: 'console' | 'pageerror'
  text: string
  /** The script or resource the message is about, when Chromium says. */
  url?: string
}

export interface TestBrowser {
  context: BrowserContext
  page: Page
  /** console.error messages and uncaught page errors seen on any page so far. */
  errors: ConsoleEntry[]
  /** Drop recorded errors that match (e.g. an expected 401 on a wrong password). */
  forgetErrors: (match: (e: ConsoleEntry) => boolean) => void
  /** Save a full-page PNG as test-artifacts/e2e/<name>.png; returns the path. */
  screenshot: (name: string, page?: Page) => Promise<string>
  close: () => Promise<void>
}

export interface LaunchOptions {
  locale?: string
  viewport?: { width: number, height: number }
}

function watch(page: Page, errors: ConsoleEntry[]) {
  page.on('console', (msg) => {
    if (msg.type() === 'error')
      errors.push({ kind: 'console', text: msg.text(), url: msg.location().url || undefined })
  })
  page.on('pageerror', err => errors.push({ kind: 'pageerror', text: err.stack ?? err.message }))
}

/** Headless Chromium with a fresh, throw-away profile and one open page. */
export async function launchBrowser(opts: LaunchOptions = {}): Promise<TestBrowser> {
  if (!hasChromium) throw new Error(skipReason)
  const userDataDir = mkdtempSync(join(tmpdir(), 'scrm-e2e-chromium-'))
  let context: BrowserContext
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: chromiumPath,
      headless: true,
      args: chromiumArgs,
      locale: opts.locale ?? 'zh-CN',
      viewport: opts.viewport ?? { width: 1280, height: 800 },
      timeout: 60_000,
    })
  }
  catch (e) {
    rmSync(userDataDir, { recursive: true, force: true })
    throw e
  }
  // Generous: two test workers share two cores with servers and browsers, and a step that waits
  // longer is still right; a wrong step fails all the same.
  context.setDefaultTimeout(40_000)
  const errors: ConsoleEntry[] = []
  context.pages().forEach(p => watch(p, errors))
  context.on('page', p => watch(p, errors))
  const page = context.pages()[0] ?? await context.newPage()

  return {
    context,
    page,
    errors,
    forgetErrors: (match) => {
      for (let i = errors.length - 1; i >= 0; i--)
        if (match(errors[i])) errors.splice(i, 1)
    },
    screenshot: async (name, p = page) => {
      const file = join(ensureArtifactsDir(), `${name}.png`)
      await p.screenshot({ path: file, fullPage: true })
      return file
    },
    close: async () => {
      await context.close().catch(() => {})
      rmSync(userDataDir, { recursive: true, force: true })
    },
  }
}

/** Human-readable list of recorded errors for assertion messages. */
export function formatErrors(errors: ConsoleEntry[]): string {
  return errors.map(e => `[${e.kind}] ${e.text}${e.url ? ` (${e.url})` : ''}`).join('\n')
}
