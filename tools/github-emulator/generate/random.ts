/**
 * A small seeded pseudo-random generator (sfc32, seeded through splitmix32) with the few
 * distributions the history generator needs. Deterministic on every platform: only integer
 * arithmetic, plus Math.log / Math.exp / Math.cos for the continuous distributions.
 */

const TWO_POW_32 = 4294967296

function splitmix32(state: number): number {
  let z = (state + 0x9e3779b9) | 0
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}

export class Random {
  private a: number
  private b: number
  private c: number
  private d: number
  private spareNormal = Number.NaN

  /** `stream` separates independent sequences drawn from one seed (pulls, issues, deployments...). */
  constructor(seed: number, stream: number) {
    const lo = seed >>> 0
    const hi = Math.floor(seed / TWO_POW_32) >>> 0
    let s = splitmix32(lo ^ Math.imul(stream + 1, 0x27d4eb2d))
    s = splitmix32(s ^ hi)
    this.a = s
    this.b = splitmix32(s + 1)
    this.c = splitmix32(s + 2)
    this.d = splitmix32(s + 3) | 1
    for (let i = 0; i < 12; i++) this.uint32()
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0
    this.d = (this.d + 1) | 0
    this.a = this.b ^ (this.b >>> 9)
    this.b = (this.c + (this.c << 3)) | 0
    this.c = (this.c << 21) | (this.c >>> 11)
    this.c = (this.c + t) | 0
    return t >>> 0
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / TWO_POW_32
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n)
  }

  /** Uniform integer in [min, max]. */
  between(min: number, max: number): number {
    return min + this.int(max - min + 1)
  }

  chance(p: number): boolean {
    return this.next() < p
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]
  }

  /** Standard normal (Box-Muller; the second value of each pair is kept for the next call). */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const v = this.spareNormal
      this.spareNormal = Number.NaN
      return v
    }
    const u = 1 - this.next()
    const v = this.next()
    const r = Math.sqrt(-2 * Math.log(u))
    this.spareNormal = r * Math.sin(2 * Math.PI * v)
    return r * Math.cos(2 * Math.PI * v)
  }

  /** Log-normal with the given median and log-space spread, clamped to [min, max]. */
  logNormal(median: number, sigma: number, min: number, max: number): number {
    const v = median * Math.exp(sigma * this.normal())
    return v < min ? min : v > max ? max : v
  }

  /** Number of failures before the first success, with the given mean (0, 1, 2, ...). */
  geometric(mean: number): number {
    if (mean <= 0) return 0
    const p = 1 / (mean + 1)
    return Math.floor(Math.log(1 - this.next()) / Math.log(1 - p))
  }

  /** Index drawn from cumulative weights (ascending, last = total). */
  weighted(cumulative: readonly number[]): number {
    const x = this.next() * cumulative[cumulative.length - 1]
    let lo = 0
    let hi = cumulative.length - 1
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (cumulative[mid] > x) hi = mid
      else lo = mid + 1
    }
    return lo
  }
}

/** Running sums of weights, for Random.weighted. */
export function cumulativeWeights(weights: readonly number[]): number[] {
  const out: number[] = []
  let sum = 0
  for (const w of weights) {
    sum += w
    out.push(sum)
  }
  return out
}

const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102]
const oidBuffer = Buffer.alloc(40)

function putHex8(at: number, n: number): void {
  for (let k = 7; k >= 0; k--) {
    oidBuffer[at + k] = HEX[n & 15]
    n >>>= 4
  }
}

/**
 * Unique 40-hex object ids: the first word is a bijective scramble of a counter (so no two ids of
 * one generator can collide), the other four words are random.
 */
export class OidSource {
  private counter = 0

  constructor(private readonly random: Random) {}

  next(): string {
    let x = (this.counter++ + 0x6b43a9b5) >>> 0
    x = Math.imul(x ^ (x >>> 16), 0x7feb352d) >>> 0
    x = Math.imul(x ^ (x >>> 15), 0x846ca68b) >>> 0
    x = (x ^ (x >>> 16)) >>> 0
    putHex8(0, x)
    for (let w = 1; w < 5; w++) putHex8(w * 8, this.random.uint32())
    // One flat 40-byte string (concatenation would leave a tree of pieces several times larger).
    return oidBuffer.toString('latin1')
  }
}
