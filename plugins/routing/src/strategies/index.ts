import { leastLoad, roundRobin, skillsMatch } from './basic.js'
import { experienceWeighted } from './experience.js'
import { nearest } from './geo.js'
import type { RoutingStrategy } from './types.js'

export { haversineKm } from './geo.js'
export * from './types.js'

/** Registered as `assignmentStrategies` contributions by the routing plugin. */
export const builtInStrategies: RoutingStrategy[] = [roundRobin, leastLoad, skillsMatch, nearest, experienceWeighted]
