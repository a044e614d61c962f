export { default as TicketForm, type TicketFormProps } from './TicketForm'
export type { UploadFn } from './AttachmentInput'
export { useTicketForm, type TicketFormModel } from './useTicketForm'
export { errorsByField, fenToYuan, serverErrorsByField, textIn, yuanToFen } from './values'
