import type { UnitRepository } from '../storage/unit-repository.ts'

/** A unit as shown beside a record or an account: id, parent, name, level and path (no creation time). */
export function unitView (units: UnitRepository, unitId: number | undefined) {
  const u = unitId === undefined ? undefined : units.get(unitId)
  if (u === undefined) return undefined
  return { id: u.id, parentId: u.parentId, name: u.name, level: u.level, path: u.path }
}
