/** A calendar definition or argument that cannot work (bad hours, unknown zone, bad date). */
export class CalendarError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CalendarError'
  }
}

/**
 * A date the holiday data does not cover. Raised instead of silently treating an unknown year as
 * weekdays-only, which would put SLA deadlines on 国庆 without anyone noticing.
 */
export class CalendarRangeError extends CalendarError {
  constructor(message: string, readonly date: string, readonly covered: { from: string, to: string }) {
    super(message)
    this.name = 'CalendarRangeError'
  }
}
