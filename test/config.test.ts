import t from 'tap'
import { loadConfig } from '../src/config.ts'

t.test('defaults give a working service with no set-up', async (t) => {
  const c = loadConfig({})
  t.match(c, { dbFile: './data/homeward.sqlite', port: 3000, theta: 0.01, defaultFrequencyTable: 'nist1036_asian', lrThreshold: 10000 })
  t.match(c.mutation, { model: 'stepwise', range: 0.5, defaultPaternalRate: 0.002, defaultMaternalRate: 0.0005 })
})

t.test('values from the environment, and a bad one named', async (t) => {
  t.equal(loadConfig({ PORT: '8080', HOMEWARD_THETA: '0.03' }).theta, 0.03)
  t.throws(() => loadConfig({ HOMEWARD_THETA: 'lots' }), /HOMEWARD_THETA/)
  t.throws(() => loadConfig({ PORT: '70000' }), /PORT/)
})

t.test('report settings: the agency and the time zone; a zone that does not exist is named', async (t) => {
  t.same(loadConfig({}).report, { agency: null, timeZone: 'Asia/Shanghai' })
  t.same(loadConfig({ HOMEWARD_AGENCY_NAME: ' 广东省公安厅刑事技术中心 ', HOMEWARD_TIME_ZONE: 'UTC' }).report, { agency: '广东省公安厅刑事技术中心', timeZone: 'UTC' })
  t.throws(() => loadConfig({ HOMEWARD_TIME_ZONE: 'Asia/Atlantis' }), /HOMEWARD_TIME_ZONE: not an IANA time zone/)
  t.throws(() => loadConfig({ HOMEWARD_AGENCY_NAME: '   ' }), /HOMEWARD_AGENCY_NAME/)
})
