import t from 'tap'
import { attachmentDisposition } from '../../src/report/content-disposition.ts'

t.test('Chinese names: an ASCII fallback and the exact UTF-8 name, percent-encoded', async (t) => {
  t.equal(attachmentDisposition('homeward-粤A-1.pdf'), "attachment; filename=\"homeward-_A-1.pdf\"; filename*=UTF-8''homeward-%E7%B2%A4A-1.pdf")
})

t.test('characters that would break the header or the path are neutralised', async (t) => {
  const h = attachmentDisposition('a"b\\c/d(e)\'f g\r\n.pdf')
  t.equal(h, "attachment; filename=\"a_b_c_d(e)'f g__.pdf\"; filename*=UTF-8''a%22b_c_d%28e%29%27f%20g__.pdf")
  t.notMatch(h, /[\r\n]/, 'no header injection')
  // Node's own check: a header value it accepts (ByteString, no CR/LF)
  t.doesNotThrow(() => { new Headers().set('content-disposition', attachmentDisposition('UHR-张-0042\u0000.html')) })
})
