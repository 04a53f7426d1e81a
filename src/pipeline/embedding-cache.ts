import { createHash } from "node:crypto";
import { closeSync, promises as fs, openSync, readSync } from "node:fs";
import path from "node:path";

const FORMAT = "citebot-embcache/2";
const KEY_BYTES = 16;
/** Rows are written in pieces of this many bytes: saving never copies the whole matrix. */
const WRITE_CHUNK = 8 * 1024 * 1024;

/**
 * Vectors keyed by (embedder id, sha256 of the chunk text): re-indexing after a
 * small corpus change embeds only new or changed chunks. One file per embedder:
 * a JSON header, the binary keys, then the float32 rows, read as views (no copy).
 */
export class EmbeddingCache {
  private readonly rows = new Map<string, number>();
  private vectors?: Float32Array;
  /** Lazy mode: the open cache file and where its vectors start; rows are read on lookup. */
  private lazy?: { fd: number; vectorsAt: number };
  hits = 0;
  misses = 0;

  private constructor(private readonly file: string, private readonly dimensions: number) {}

  /** 128 bits of sha256 of the text, as 32 hex digits. */
  static key(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, KEY_BYTES * 2);
  }

  static async open(indexDir: string, embedderId: string, dimensions: number): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(cacheFile(indexDir, embedderId), dimensions);
    const bytes = await fs.readFile(cache.file).catch(() => undefined);
    if (bytes) cache.load(bytes); // an unreadable cache only costs time: start empty
    return cache;
  }

  /**
   * The cache with only its keys read (a few MB at 200k chunks, not the 400 MB of vectors):
   * each lookup reads its one row. For updates that embed a few documents. `release` closes it.
   */
  static async openLazily(indexDir: string, embedderId: string, dimensions: number): Promise<EmbeddingCache> {
    const file = cacheFile(indexDir, embedderId);
    const cache = new EmbeddingCache(file, dimensions);
    let fd: number | undefined;
    try {
      fd = openSync(file, "r");
      const read = (at: number, length: number) => {
        const buf = Buffer.alloc(length);
        if (readSync(fd!, buf, 0, length, at) !== length) throw new Error("short read");
        return buf;
      };
      const headerLength = read(0, 4).readUInt32LE(0);
      const header = JSON.parse(read(4, headerLength).toString("utf8")) as { format: string; dimensions: number; count: number };
      if (header.format !== FORMAT || header.dimensions !== dimensions) throw new Error("other cache");
      const keysAt = align16(4 + headerLength);
      const keys = read(keysAt, header.count * KEY_BYTES);
      for (let r = 0; r < header.count; r++) cache.rows.set(keys.toString("hex", r * KEY_BYTES, (r + 1) * KEY_BYTES), r);
      cache.lazy = { fd, vectorsAt: keysAt + align16(header.count * KEY_BYTES) };
    } catch {
      if (fd !== undefined) closeSync(fd); // no cache, or an unreadable one: it only costs time
      cache.rows.clear();
    }
    return cache;
  }

  get size(): number {
    return this.rows.size;
  }

  /** Copies the cached vector for `key` into out[offset, offset + dimensions); false when not cached. */
  lookup(key: string, out: Float32Array, offset: number): boolean {
    const row = this.rows.get(key);
    if (row !== undefined && this.lazy) {
      const bytes = this.dimensions * 4;
      const view = new Uint8Array(out.buffer, out.byteOffset + offset * 4, bytes);
      if (readSync(this.lazy.fd, view, 0, bytes, this.lazy.vectorsAt + row * bytes) === bytes) {
        this.hits++;
        return true;
      }
    }
    if (row === undefined || !this.vectors) {
      this.misses++;
      return false;
    }
    this.hits++;
    out.set(this.vectors.subarray(row * this.dimensions, (row + 1) * this.dimensions), offset);
    return true;
  }

  /** Drops the loaded vectors (after lookups, before the big allocations of a build). */
  release(): void {
    this.rows.clear();
    this.vectors = undefined;
    if (this.lazy) closeSync(this.lazy.fd);
    this.lazy = undefined;
  }

  /**
   * Replaces the cache with the rows of `matrix` (row i has key keys[i]); only the
   * current chunks are kept, so the cache does not grow without bound.
   */
  async save(keys: string[], matrix: Float32Array): Promise<void> {
    const d = this.dimensions;
    const seen = new Set<string>();
    const order: number[] = [];
    keys.forEach((k, i) => {
      if (!seen.has(k)) {
        seen.add(k);
        order.push(i);
      }
    });
    const header = Buffer.from(JSON.stringify({ format: FORMAT, dimensions: d, count: order.length }), "utf8");
    const prefix = Buffer.alloc(align16(4 + header.length));
    prefix.writeUInt32LE(header.length);
    header.copy(prefix, 4);
    const keyBytes = Buffer.alloc(align16(order.length * KEY_BYTES));
    order.forEach((i, r) => keyBytes.write(keys[i], r * KEY_BYTES, KEY_BYTES, "hex"));
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.${Date.now()}.tmp`;
    const handle = await fs.open(tmp, "w");
    try {
      await handle.write(prefix);
      await handle.write(keyBytes);
      const rowsPerChunk = Math.max(1, Math.floor(WRITE_CHUNK / (d * 4)));
      const staging = new Float32Array(rowsPerChunk * d);
      for (let r = 0; r < order.length; r += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, order.length - r);
        for (let j = 0; j < n; j++) staging.set(matrix.subarray(order[r + j] * d, (order[r + j] + 1) * d), j * d);
        await handle.write(new Uint8Array(staging.buffer, 0, n * d * 4));
      }
      await handle.sync();
    } catch (error) {
      await fs.rm(tmp, { force: true }); // a half-written cache would keep a full disk full
      throw error;
    } finally {
      await handle.close();
    }
    await fs.rename(tmp, this.file);
  }

  private load(bytes: Buffer): void {
    try {
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as { format: string; dimensions: number; count: number };
      if (header.format !== FORMAT || header.dimensions !== this.dimensions) return;
      const keysAt = align16(4 + headerLength);
      const vectorsAt = keysAt + align16(header.count * KEY_BYTES);
      if (bytes.length !== vectorsAt + header.count * this.dimensions * 4) return;
      const offset = bytes.byteOffset + vectorsAt;
      this.vectors = offset % 4 === 0
        ? new Float32Array(bytes.buffer, offset, header.count * this.dimensions)
        : new Float32Array(bytes.buffer.slice(offset, offset + header.count * this.dimensions * 4));
      for (let r = 0; r < header.count; r++) this.rows.set(bytes.toString("hex", keysAt + r * KEY_BYTES, keysAt + (r + 1) * KEY_BYTES), r);
    } catch {
      this.release();
    }
  }
}

function cacheFile(indexDir: string, embedderId: string): string {
  return path.join(indexDir, "cache", `${embedderId.replace(/[^\w.-]+/g, "_")}.bin`);
}

function align16(n: number): number {
  return n + ((16 - (n % 16)) % 16);
}
