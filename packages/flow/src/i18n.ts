/** Text in both UI languages. Kept here (not imported from the kernel) so the package stays dependency-free. */
export interface LocalizedText {
  'zh-CN': string
  'en-US': string
}

export function text(zh: string, en: string): LocalizedText {
  return { 'zh-CN': zh, 'en-US': en }
}
