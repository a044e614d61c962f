/** Start-up errors name the plugins involved so an operator knows what to fix. */
export class PluginError extends Error {
  constructor(message: string, readonly plugins: string[], options?: { cause?: unknown }) {
    super(message, options)
    this.name = 'PluginError'
  }
}

export class DuplicateContributionError extends PluginError {
  constructor(point: string, id: string, first: string, second: string) {
    super(`extension point "${point}": "${id}" is registered by both plugin "${first}" and plugin "${second}"`, [first, second])
    this.name = 'DuplicateContributionError'
  }
}
