import { API_BASE } from '../../../api/client'
import { useAuthStore } from '../../../stores/auth'

/**
 * Downloads a ticket file. The content route needs the bearer token, which a plain link does not
 * send, so the file is fetched and handed to the browser as a blob under its own name.
 */
export async function downloadAttachment(id: string, filename: string): Promise<void> {
  const token = useAuthStore.getState().token
  const res = await fetch(`${API_BASE}/attachments/${id}/content`, { headers: token ? { Authorization: `Bearer ${token}` } : {} })
  if (!res.ok) throw new Error(`HTTP ${res.status}`)
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = filename
  a.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
