import { useEffect, useState } from 'react'
import { type ImportJob, importApi } from './api'

const RUNNING = new Set(['queued', 'running'])

/** Polls a running import once a second until it stops; returns the latest state. */
export function useImportProgress(initial: ImportJob | undefined): ImportJob | undefined {
  const [job, setJob] = useState(initial)
  useEffect(() => setJob(initial), [initial])
  const id = job?.id
  const running = job ? RUNNING.has(job.status) : false
  useEffect(() => {
    if (!id || !running) return
    let stopped = false
    const timer = setInterval(() => {
      importApi.get(id).then((j) => { if (!stopped) setJob(j) }).catch(() => { /* next tick retries */ })
    }, 1000)
    return () => { stopped = true; clearInterval(timer) }
  }, [id, running])
  return job
}
