import { downloadFile } from '../../../api/download'

/** Downloads a ticket file under its own name. */
export function downloadAttachment(id: string, filename: string): Promise<void> {
  return downloadFile(`/attachments/${id}/content`, filename)
}
