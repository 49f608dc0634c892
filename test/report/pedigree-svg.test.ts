import t from 'tap'
import { pedigreeSvg } from '../../src/report/pedigree-svg.ts'
import type { LayoutPerson } from '../../src/report/pedigree-layout.ts'

const persons: LayoutPerson[] = [
  { id: 'F', sex: 'male', typed: true, relation: 'father' },
  { id: 'M', sex: 'female' },
  { id: 'SIB', sex: 'female', father: 'F', mother: 'M', typed: true, relation: 'full sister' },
  { id: 'MP', sex: 'male', father: 'F', mother: 'M', isMissingPerson: true }
]

t.test('squares for males, circles for females, typed filled, the missing person outlined', async (t) => {
  const svg = pedigreeSvg(persons, 'Case 7')
  t.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/)
  t.match(svg, /<\/svg>$/)
  const groups = svg.split('\n').filter((l) => l.startsWith('<g class="person"'))
  t.equal(groups.length, 4)
  const of = (id: string): string => groups.find((g) => g.includes(`data-id="${id}"`))!
  t.match(of('F'), /<rect [^>]*fill="#9ecae1"/, 'typed male: filled square')
  t.match(of('M'), /<circle [^>]*fill="#ffffff"/, 'untyped female: empty circle')
  t.match(of('SIB'), /<circle [^>]*fill="#9ecae1"/)
  t.match(of('MP'), /<rect [^>]*stroke="#c0392b" stroke-width="3"/, 'missing person outlined in red')
  t.match(of('MP'), />\?<\/text>/)
  t.match(of('MP'), />missing person<\/text>/)
  t.match(of('SIB'), />full sister<\/text>/)
  t.equal((svg.match(/class="marriage"/g) ?? []).length, 1)
  t.equal((svg.match(/class="descent"/g) ?? []).length, 4, 'drop, bar, two children')
})

t.test('hostile ids and relations are escaped, long labels shortened', async (t) => {
  const hostile: LayoutPerson[] = [
    { id: '<script>alert(1)</script>', sex: 'male', typed: true, relation: '"><img src=x onerror=alert(1)>' },
    { id: "M'&", sex: 'female' },
    { id: 'MP', sex: 'male', father: '<script>alert(1)</script>', mother: "M'&", isMissingPerson: true }
  ]
  const svg = pedigreeSvg(hostile, '</title><script>x</script>')
  t.notMatch(svg, /<script/i)
  t.notMatch(svg, /<img/i)
  t.match(svg, /&lt;script&gt;/)
  t.match(svg, /data-id="M&#39;&amp;"/)
  t.match(svg, /<title id="pedigree-title">&lt;\/title&gt;&lt;script&gt;x&lt;\/script&gt;<\/title>/)
  t.match(svg, /&lt;script&gt;alert\(1…</, 'the label is cut at 16 characters')
})
