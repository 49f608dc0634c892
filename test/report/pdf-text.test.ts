import t from 'tap'
import { isWinAnsi, losesCharacters, toWinAnsi } from '../../src/report/pdf-text.ts'

t.test('WinAnsi text for the standard PDF fonts', async (t) => {
  t.ok(isWinAnsi('Café × 10^3 – ok…'))
  t.notOk(isWinAnsi('θ'))
  t.equal(toWinAnsi('LR ≥ 10^4, θ = 0.01, −∞'), 'LR >= 10^4, theta = 0.01, -inf')
  t.equal(toWinAnsi('昆明 Kunming'), '?? Kunming')
  t.ok(losesCharacters('昆明'))
  t.notOk(losesCharacters('θ ≥'))
})
