import { useCallback, useEffect, useRef, useState } from 'react'
import { fetchBoard, type Board, type BoardQuery } from './api'

/** Every 12 s: a wall display stays current without hammering the database. */
export const REFRESH_MS = 12_000

/** The board for a query, reloaded on an interval (skipped while the tab is hidden). */
export function useBoard(query: BoardQuery) {
  const [board, setBoard] = useState<Board>()
  const [error, setError] = useState<unknown>()
  const [loading, setLoading] = useState(false)
  const [updatedAt, setUpdatedAt] = useState<Date>()
  const inFlight = useRef<AbortController | undefined>(undefined)
  const key = JSON.stringify(query)

  const load = useCallback(async () => {
    inFlight.current?.abort()
    const ctrl = new AbortController()
    inFlight.current = ctrl
    setLoading(true)
    try {
      setBoard(await fetchBoard(JSON.parse(key) as BoardQuery, ctrl.signal))
      setError(undefined)
      setUpdatedAt(new Date())
    }
    catch (e) {
      if (!(e instanceof DOMException && e.name === 'AbortError')) setError(e)
    }
    finally {
      if (inFlight.current === ctrl) setLoading(false)
    }
  }, [key])

  useEffect(() => {
    void load()
    const timer = setInterval(() => { if (!document.hidden) void load() }, REFRESH_MS)
    return () => { clearInterval(timer); inFlight.current?.abort() }
  }, [load])

  return { board, error, loading, updatedAt, reload: load }
}
