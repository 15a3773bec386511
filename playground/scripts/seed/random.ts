/** 32-bit finalizer of MurmurHash3: spreads every input bit over the whole output. */
function mix32(value: number): number {
  let z = value >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/** FNV-1a hash of a string, mixed: a stable 32-bit number for a label. */
function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  }
  return mix32(hash);
}

/**
 * A small seedable pseudo-random generator (sfc32): the same seed gives the same sequence on every
 * machine and Node version, which Math.random cannot, and it is several times faster than
 * faker's generator for the millions of draws of the bench data set.
 */
export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(readonly seed: number) {
    this.a = mix32(seed ^ 0x9e3779b9);
    this.b = mix32(this.a + 0x6a09e667);
    this.c = mix32(this.b + 0xbb67ae85);
    this.d = 1;
    for (let i = 0; i < 15; i += 1) this.uint32();
  }

  /** An independent generator for one part of the data set, so that parts do not shift one another. */
  fork(label: string): Random {
    return new Random(mix32(this.seed ^ hashString(label)));
  }

  uint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** A float in [min, max). */
  between(min: number, max: number): number {
    return min + (max - min) * this.next();
  }

  /** An integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** A normally distributed number (Box–Muller). */
  normal(mean: number, deviation: number): number {
    const u = 1 - this.next();
    const v = this.next();
    return mean + deviation * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** A fixed set of weighted choices, drawn by binary search over their cumulative weights. */
export class WeightedChoice<T> {
  private readonly items: T[];
  private readonly cumulative: number[];

  constructor(items: readonly (readonly [T, number])[]) {
    this.items = items.map(([item]) => item);
    let total = 0;
    this.cumulative = items.map(([, weight]) => (total += weight));
  }

  pick(random: Random): T {
    return this.items[
      firstAbove(this.cumulative, random.next() * this.cumulative[this.cumulative.length - 1])
    ];
  }
}

const LETTERS = 'abcdefghijklmnopqrstuvwxyz';
const ALPHANUMERIC = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Document ids shaped like Strapi's (cuid2: 24 lowercase alphanumerics, starting with a letter),
 * drawn from their own generator so they depend only on the seed and the order rows are added in.
 */
export function documentIdGenerator(random: Random): () => string {
  return () => {
    let id = LETTERS[random.uint32() % LETTERS.length];
    for (let i = 1; i < 24; i += 1) id += ALPHANUMERIC[random.uint32() % ALPHANUMERIC.length];
    return id;
  };
}

/** The index of the first running total above `target` (binary search over an ascending array). */
export function firstAbove(cumulative: number[], target: number): number {
  let low = 0;
  let high = cumulative.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (cumulative[middle] > target) high = middle;
    else low = middle + 1;
  }
  return low;
}
