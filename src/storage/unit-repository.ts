import { fail } from '../core/errors.ts'
import { recordId } from '../core/record-id.ts'
import type { Database } from './database.ts'

/** The national (root) unit, created by migration 075; every other unit lies below it. */
export const ROOT_UNIT_ID = 1

/** A unit as stored and shown: `path` is the names from the root down to it ("National / Guangdong / Shenzhen"). */
export interface UnitRecord {
  id: number
  parentId: number | null
  name: string
  level: string
  path: string
  createdAt: string
}

interface UnitRow { id: number, parent_id: number | null, name: string, level: string, created_at: string }

/**
 * The tree of units (migration 075). Small (hundreds of rows), so the whole tree is read per call
 * rather than cached: a unit made or moved from the command line counts at the server's next request.
 */
export function createUnitRepository (db: Database) {
  const all = db.prepare('SELECT id, parent_id, name, level, created_at FROM units ORDER BY id')

  function tree (): Map<number, UnitRow> {
    return new Map((all.all() as UnitRow[]).map((r) => [r.id, r]))
  }

  function pathOf (rows: Map<number, UnitRow>, id: number): string {
    const names: string[] = []
    for (let u = rows.get(id); u !== undefined; u = u.parent_id === null ? undefined : rows.get(u.parent_id)) names.unshift(u.name)
    return names.join(' / ')
  }

  function toRecord (rows: Map<number, UnitRow>, r: UnitRow): UnitRecord {
    return { id: r.id, parentId: r.parent_id, name: r.name, level: r.level, path: pathOf(rows, r.id), createdAt: r.created_at }
  }

  /** True when `unitId` is `ancestorId` or lies below it. */
  function isWithin (unitId: number, ancestorId: number, rows = tree()): boolean {
    for (let u = rows.get(unitId); u !== undefined; u = u.parent_id === null ? undefined : rows.get(u.parent_id)) {
      if (u.id === ancestorId) return true
    }
    return false
  }

  function get (id: number): UnitRecord | undefined {
    const rows = tree()
    const r = rows.get(id)
    return r === undefined ? undefined : toRecord(rows, r)
  }

  function require (id: number, field = 'unit'): UnitRecord {
    return get(id) ?? fail('NOT_FOUND', `no unit ${id}`, { field, value: String(id) })
  }

  return {
    get,
    require,
    isWithin,
    /** `rootId` and every unit below it, parents before children (the whole tree from the root by default). */
    list (rootId: number = ROOT_UNIT_ID): UnitRecord[] {
      const rows = tree()
      return [...rows.values()].filter((r) => isWithin(r.id, rootId, rows)).map((r) => toRecord(rows, r))
        .sort((a, b) => a.path.localeCompare(b.path))
    },
    /** A new unit under `parentId`; names follow the id rule and are unique among siblings. */
    create (input: { parentId: number, name: string, level: string, now?: Date }): UnitRecord {
      require(input.parentId, 'parent')
      const name = recordId(input.name, 'unit name')
      const level = recordId(input.level, 'unit level')
      if (level.length > 40) fail('BAD_REQUEST', `a unit level has at most 40 characters, not ${level.length}`, { field: 'level', value: level })
      const taken = db.prepare('SELECT 1 FROM units WHERE parent_id = ? AND name = ?').get(input.parentId, name)
      if (taken !== undefined) fail('CONFLICT', `unit ${input.parentId} already has a unit named "${name}"`, { field: 'name', value: name })
      const at = (input.now ?? new Date()).toISOString()
      const id = Number(db.prepare('INSERT INTO units (parent_id, name, level, created_at) VALUES (?, ?, ?, ?)').run(input.parentId, name, level, at).lastInsertRowid)
      return require(id)
    },
    /**
     * Moves a unit (with everything below it and every record and account in it) under another parent.
     * The root stays the root, and a unit cannot go under itself or its own descendants (a cycle would
     * take the subtree out of the tree, out of every scope but the root's).
     */
    move (id: number, parentId: number): UnitRecord {
      const rows = tree()
      if (!rows.has(id)) fail('NOT_FOUND', `no unit ${id}`, { field: 'unit', value: String(id) })
      if (!rows.has(parentId)) fail('NOT_FOUND', `no unit ${parentId}`, { field: 'parent', value: String(parentId) })
      if (id === ROOT_UNIT_ID) fail('BAD_REQUEST', 'the national unit is the root: it cannot be moved', { field: 'unit', value: String(id) })
      if (isWithin(parentId, id, rows)) fail('BAD_REQUEST', `unit ${parentId} is unit ${id} or lies below it: moving ${id} there would make a cycle`, { field: 'parent', value: String(parentId) })
      const name = (rows.get(id) as UnitRow).name
      const taken = db.prepare('SELECT 1 FROM units WHERE parent_id = ? AND name = ? AND id <> ?').get(parentId, name, id)
      if (taken !== undefined) fail('CONFLICT', `unit ${parentId} already has a unit named "${name}"`, { field: 'name', value: name })
      db.prepare('UPDATE units SET parent_id = ? WHERE id = ?').run(parentId, id)
      return require(id)
    }
  }
}

export type UnitRepository = ReturnType<typeof createUnitRepository>
