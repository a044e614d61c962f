import { useAuthStore } from '../stores/auth'
import { API_BASE, ApiError } from './client'

/**
 * Saves what an API route answers as a file. Such routes need the bearer token, which a plain
 * link does not send, so the body is fetched and handed to the browser as a blob under `filename`.
 */
export async function downloadFile(path: string, filename: string): Promise<void> {
  const token = useAuthStore.getState().token
  const res = await fetch(`${API_BASE}${path}`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  if (!res.ok) {
    const body = await res.json().catch(() => ({}))
    throw new ApiError(res.status, body)
  }
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
