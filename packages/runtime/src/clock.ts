/** Where the runtime reads the time: injectable so tests can move it (timers, SLA). */
export interface Clock {
  now: () => Date
}

export const systemClock: Clock = { now: () => new Date() }

/** A clock that stands still until told to move: `advance(ms)` / `set(date)`. */
export interface ManualClock extends Clock {
  set: (at: Date | string | number) => void
  advance: (ms: number) => Date
}

export function manualClock(start: Date | string | number = '2030-01-07T09:00:00Z'): ManualClock {
  let t = new Date(start).getTime()
  return {
    now: () => new Date(t),
    set: (at) => { t = new Date(at).getTime() },
    advance: (ms) => {
      t += ms
      return new Date(t)
    },
  }
}

/**
 * Business time. The calendars issue provides working-hour calendars (service `flow.calendar`);
 * until then, and for a missing calendar id, durations are wall-clock time.
 */
export interface BusinessCalendar {
  addBusinessTime: (calendarId: string | undefined, from: Date, ms: number) => Date | Promise<Date>
}

export const wallTimeCalendar: BusinessCalendar = {
  addBusinessTime: (_calendarId, from, ms) => new Date(from.getTime() + ms),
}
