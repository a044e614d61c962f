import { useEffect, useState } from 'react'

/**
 * False for the first frame, then true: parts the first picture does not need (the minimap, the
 * side panel's tabs) mount right after the canvas is on screen instead of delaying it.
 */
export function useAfterFirstPaint(): boolean {
  const [ready, setReady] = useState(false)
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined
    const frame = requestAnimationFrame(() => { timer = setTimeout(() => setReady(true), 0) })
    return () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }, [])
  return ready
}
