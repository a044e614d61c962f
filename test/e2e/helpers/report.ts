import { onTestFailed } from 'vitest'
import { formatErrors, type TestBrowser } from './browser'
import type { RunningServer } from './server'

/**
 * When the running test fails: a screenshot named `<name>-failure`, the page it was on, the
 * browser's errors and the end of the server's log — what it takes to see why from CI output.
 */
export function reportFailure(browser: TestBrowser, server: RunningServer, name: string): void {
  onTestFailed(async () => {
    console.error(`[e2e] failed at ${browser.page.url()}; screenshot: ${await browser.screenshot(`${name}-failure`).catch(e => e.message)}`)
    console.error(`[e2e] browser errors:\n${formatErrors(browser.errors)}\n[e2e] server output:\n${server.logs().slice(-4000)}`)
  })
}
