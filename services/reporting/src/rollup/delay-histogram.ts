/**
 * Histograms of delays (whole seconds) for the month level of the rollup: buckets of one minute
 * below 256 minutes, then 128 buckets per doubling, so a bucket is never wider than 1/128 of its
 * lower bound (0.78 %). Each bucket keeps its count, smallest and largest delay and the exact sum:
 * a bucket holding one delay (or only equal delays) gives it exactly.
 */
const EXACT_MINUTES = 256;
const SUB_BUCKETS = 128;
const ENTRY_BYTES = 24;

export function bucketOf(seconds: number): number {
  const minutes = Math.max(0, Math.floor(seconds / 60));
  if (minutes < EXACT_MINUTES) return minutes;
  const shift = Math.floor(Math.log2(minutes)) - 7; // minutes >> shift in [128, 256)
  return EXACT_MINUTES + (shift - 1) * SUB_BUCKETS + ((minutes >> shift) - SUB_BUCKETS);
}

/** Lower bound and width of a bucket, in seconds. */
export function bucketBounds(bucket: number): { lower: number; width: number } {
  if (bucket < EXACT_MINUTES) return { lower: bucket * 60, width: 60 };
  const shift = Math.floor((bucket - EXACT_MINUTES) / SUB_BUCKETS) + 1;
  const sub = ((bucket - EXACT_MINUTES) % SUB_BUCKETS) + SUB_BUCKETS;
  return { lower: sub * 2 ** shift * 60, width: 2 ** shift * 60 };
}

/** Bucket → [count, min, max, sum] (seconds). */
export class DelayHistogram {
  readonly buckets = new Map<number, [number, number, number, number]>();
  total = 0;

  addValue(seconds: number): void {
    this.addBucket(bucketOf(seconds), 1, seconds, seconds, seconds);
  }

  addBucket(bucket: number, count: number, min: number, max: number, sum: number): void {
    const entry = this.buckets.get(bucket);
    if (entry) {
      entry[0] += count;
      entry[1] = Math.min(entry[1], min);
      entry[2] = Math.max(entry[2], max);
      entry[3] += sum;
    } else this.buckets.set(bucket, [count, min, max, sum]);
    this.total += count;
  }

  addValues(values: Int32Array): void {
    for (const v of values) this.addValue(v);
  }

  /** Sorted entries: uint32 bucket, uint32 count, int32 min, int32 max, float64 sum, little-endian. */
  encode(): Buffer {
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const out = Buffer.alloc(keys.length * ENTRY_BYTES);
    keys.forEach((bucket, i) => {
      const [count, min, max, sum] = this.buckets.get(bucket) as [number, number, number, number];
      const at = i * ENTRY_BYTES;
      out.writeUInt32LE(bucket, at);
      out.writeUInt32LE(count, at + 4);
      out.writeInt32LE(min, at + 8);
      out.writeInt32LE(max, at + 12);
      out.writeDoubleLE(sum, at + 16);
    });
    return out;
  }

  addEncoded(buffer: Buffer): void {
    for (let offset = 0; offset + ENTRY_BYTES <= buffer.length; offset += ENTRY_BYTES) {
      this.addBucket(
        buffer.readUInt32LE(offset),
        buffer.readUInt32LE(offset + 4),
        buffer.readInt32LE(offset + 8),
        buffer.readInt32LE(offset + 12),
        buffer.readDoubleLE(offset + 16),
      );
    }
  }

  /**
   * percentile_cont (PostgreSQL's interpolation between the two order statistics around
   * p × (n − 1)), in hours, each order statistic estimated within its bucket: exact when the bucket
   * holds one delay or equal ones, else spread evenly from its smallest to its largest delay (error
   * below max − min, itself below the bucket's width).
   */
  percentile(p: number): number | null {
    if (this.total === 0) return null;
    const position = p * (this.total - 1);
    const lower = Math.floor(position);
    const upper = Math.ceil(position);
    const keys = [...this.buckets.keys()].sort((a, b) => a - b);
    const rank = (k: number): number => {
      let before = 0;
      for (const bucket of keys) {
        const [count, min, max, sum] = this.buckets.get(bucket) as [number, number, number, number];
        if (k < before + count) {
          if (count === 1) return sum;
          return min + ((max - min) * (k - before)) / (count - 1);
        }
        before += count;
      }
      return 0;
    };
    const low = rank(lower);
    const high = upper === lower ? low : rank(upper);
    return (low + (high - low) * (position - lower)) / 3600;
  }
}
