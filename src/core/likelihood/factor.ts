/**
 * A non-negative function of a few discrete variables, stored as a dense table. Row-major over `vars`
 * (the last variable varies fastest); `dims[k]` is the domain size of `vars[k]`.
 */
export interface Factor {
  vars: number[]
  dims: number[]
  values: Float64Array
}

/** A factor of no variables: a plain number. */
export function scalarFactor (value: number): Factor {
  return { vars: [], dims: [], values: Float64Array.of(value) }
}

/**
 * The product of `factors`, summed over variable `sumOut` (or not summed when it is null), as one factor
 * over the union of their variables. This is the one inner loop of the likelihood: an odometer walks the
 * result's cells while each input keeps a running index, so no cell is addressed by multiplication.
 */
export function multiplyAndSum (factors: readonly Factor[], sumOut: number | null, dimOf: (v: number) => number): Factor {
  const outVars: number[] = []
  for (const f of factors) for (const v of f.vars) if (v !== sumOut && !outVars.includes(v)) outVars.push(v)
  const outDims = outVars.map(dimOf)
  const inner = sumOut === null ? 1 : dimOf(sumOut)
  const F = factors.length
  const strides = factors.map((f) => outVars.map((v) => strideOf(f, v)))
  const innerStride = factors.map((f) => (sumOut === null ? 0 : strideOf(f, sumOut)))
  let size = 1
  for (const d of outDims) size *= d
  const out = new Float64Array(size)
  const K = outVars.length
  const counter = new Int32Array(K)
  const base = new Int32Array(F)
  const tables = factors.map((f) => f.values)
  for (let o = 0; o < size; o++) {
    let sum = 0
    for (let x = 0; x < inner; x++) {
      let product = 1
      for (let f = 0; f < F; f++) {
        product *= tables[f][base[f] + x * innerStride[f]]
        if (product === 0) break
      }
      sum += product
    }
    out[o] = sum
    for (let k = K - 1; k >= 0; k--) {
      counter[k]++
      for (let f = 0; f < F; f++) base[f] += strides[f][k]
      if (counter[k] < outDims[k]) break
      for (let f = 0; f < F; f++) base[f] -= strides[f][k] * outDims[k]
      counter[k] = 0
    }
  }
  return { vars: outVars, dims: outDims, values: out }
}

function strideOf (f: Factor, v: number): number {
  const k = f.vars.indexOf(v)
  if (k < 0) return 0
  let stride = 1
  for (let l = k + 1; l < f.dims.length; l++) stride *= f.dims[l]
  return stride
}
