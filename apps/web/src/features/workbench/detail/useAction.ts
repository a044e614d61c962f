import { App } from 'antd'
import { useState } from 'react'
import { ApiError } from '../../../api/client'
import { errorMessage } from '../../../api/errors'
import { type MessageKey, useT } from '../../../i18n'

/**
 * Runs one detail-screen action, then reloads the ticket. A 409 (someone changed the ticket or
 * the task since it was loaded) is not an error to the agent: it says so, shows the fresh data
 * and lets them retry on it.
 */
export function useAction(reload: () => Promise<void>) {
  const t = useT()
  const { message } = App.useApp()
  const [busy, setBusy] = useState<string | null>(null)
  const run = async (name: string, fn: () => Promise<unknown>, done: MessageKey): Promise<boolean> => {
    setBusy(name)
    try {
      await fn()
      message.success(t(done))
      await reload()
      return true
    }
    catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const version = (e.details as { currentVersion?: number } | undefined)?.currentVersion
        message.warning({ content: t('workbench.detail.stale', { version: version ?? '?' }), key: 'stale', duration: 6 })
        await reload()
      }
      else {
        message.error(errorMessage(e, t))
      }
      return false
    }
    finally {
      setBusy(null)
    }
  }
  return { run, busy }
}
