import t from 'tap'
import { openDatabase } from '../../src/storage/database.ts'
import { CASE_RULES, PERSON_RULES, TABLES_WITHOUT_SUBJECT_DATA } from '../../src/storage/expunge.ts'

t.test('every table is either expunged or declared free of case/person data', async (t) => {
  const db = openDatabase(':memory:')
  t.teardown(() => db.close())
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name)
  const handled = new Set([...CASE_RULES, ...PERSON_RULES].map((r) => r.table))
  for (const table of tables) {
    t.ok(handled.has(table) || TABLES_WITHOUT_SUBJECT_DATA.includes(table),
      `table ${table}: add it to CASE_RULES/PERSON_RULES in src/storage/expunge.ts, or to TABLES_WITHOUT_SUBJECT_DATA if it holds no profile or personal data`)
  }
  for (const rule of [...CASE_RULES, ...PERSON_RULES]) {
    const cols = (db.prepare('SELECT name FROM pragma_table_info(?)').all(rule.table) as Array<{ name: string }>).map((c) => c.name)
    t.ok(cols.includes(rule.column), `${rule.table}.${rule.column} exists`)
  }
})
