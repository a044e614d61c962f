import { DISTRICTS, PROVINCES } from './regions-data.js'

/** A node of the cascader tree (antd Cascader's `options` shape). */
export interface RegionNode {
  value: string
  label: string
  children?: RegionNode[]
}

const split = (s: string) => s.split(' ')
let cityIndex: Map<string, Set<string>> | undefined
let districtIndex: Map<string, Set<string>> | undefined

function indexes() {
  if (!cityIndex || !districtIndex) {
    cityIndex = new Map(Object.entries(PROVINCES).map(([p, cities]) => [p, new Set(split(cities))]))
    districtIndex = new Map(Object.entries(DISTRICTS).map(([k, ds]) => [k, new Set(split(ds))]))
  }
  return { cities: cityIndex, districts: districtIndex }
}

/** The names one level below `path` ([] → provinces); undefined when the path does not exist or has no deeper level. */
export function regionChildren(path: string[]): string[] | undefined {
  const { cities, districts } = indexes()
  if (path.length === 0) return Object.keys(PROVINCES)
  if (path.length === 1) return cities.has(path[0]) ? [...cities.get(path[0])!] : undefined
  if (path.length === 2) return districts.has(`${path[0]}/${path[1]}`) ? [...districts.get(`${path[0]}/${path[1]}`)!] : undefined
  return undefined
}

/**
 * Index of the first level of `path` that is not inside the level before it, or -1 when the
 * whole path exists. A path may stop at any level (a city without district data ends there).
 */
export function invalidRegionLevel(path: string[]): number {
  const { cities, districts } = indexes()
  if (path.length === 0 || !(path[0] in PROVINCES)) return 0
  if (path.length > 1 && !cities.get(path[0])!.has(path[1])) return 1
  if (path.length > 2 && !districts.get(`${path[0]}/${path[1]}`)?.has(path[2])) return 2
  return path.length > 3 ? 3 : -1
}

/** The whole tree for a cascader widget, built on first use. */
export function regionTree(): RegionNode[] {
  return Object.entries(PROVINCES).map(([p, cities]) => ({
    value: p,
    label: p,
    children: split(cities).map((c) => {
      const ds = DISTRICTS[`${p}/${c}`]
      return { value: c, label: c, ...(ds ? { children: split(ds).map(d => ({ value: d, label: d })) } : {}) }
    }),
  }))
}
