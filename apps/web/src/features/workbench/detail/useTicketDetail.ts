import { useCallback, useEffect, useState } from 'react'
import { ApiError } from '../../../api/client'
import type { Attachment, Comment, Task, TicketView, TimelineEvent } from '../api'
import { workbenchApi } from '../api'

export interface OpenTask { task: Task, fields: string[] }

export interface TicketDetail {
  ticket: TicketView | null
  events: TimelineEvent[]
  comments: Comment[]
  attachments: Attachment[]
  /** The flow's open tasks on this ticket, with the ticket fields each step may edit. */
  tasks: OpenTask[]
  loading: boolean
  notFound: boolean
  error: unknown
  reload: () => Promise<void>
}

/** Everything the detail screen shows, loaded together and reloaded after every action. */
export function useTicketDetail(id: string): TicketDetail {
  const [state, setState] = useState<Omit<TicketDetail, 'reload'>>({ ticket: null, events: [], comments: [], attachments: [], tasks: [], loading: true, notFound: false, error: null })

  const reload = useCallback(async () => {
    try {
      const [ticket, timeline, attachments] = await Promise.all([workbenchApi.ticket(id), workbenchApi.timeline(id), workbenchApi.attachments(id)])
      const tasks = ticket.flowInstanceId ? await openTasks(ticket.flowInstanceId) : []
      setState({ ticket, ...timeline, attachments, tasks, loading: false, notFound: false, error: null })
    }
    catch (e) {
      setState(s => ({ ...s, loading: false, notFound: e instanceof ApiError && e.status === 404, error: e }))
    }
  }, [id])

  useEffect(() => { setState(s => ({ ...s, loading: true })); void reload() }, [reload])
  return { ...state, reload }
}

async function openTasks(instanceId: string): Promise<OpenTask[]> {
  const instance = await workbenchApi.instance(instanceId)
  const open = instance.tasks.filter(t => t.status === 'open')
  return Promise.all(open.map(async task => ({
    task,
    fields: task.kind === 'userTask' ? await workbenchApi.taskFields(task, instance.flowKey, instance.flowVersion).catch(() => []) : [],
  })))
}
