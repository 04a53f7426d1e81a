import { createHash, randomBytes } from "node:crypto";
import { closeSync, promises as fs, openSync, readSync } from "node:fs";
import path from "node:path";

const FORMAT = "citebot-embcache/2";
const KEY_BYTES = 16;
/** Rows are written in pieces of this many bytes: saving never copies the whole matrix. */
const WRITE_CHUNK = 8 * 1024 * 1024;
/** Most files of rows added by updates kept side by side; beyond it the smallest are written as one. */
const MAX_ADDED_FILES = 8;
/** Fewest added files written as one at a time: a row is rewritten about log4(updates) times until a full build. */
const ADDED_MERGE_FACTOR = 4;

/** One cache file's rows: its keys are numbered from `first` in the cache's row map; its vectors in memory or read on lookup. */
interface Part {
  first: number;
  count: number;
  vectors?: Float32Array;
  lazy?: { fd: number; vectorsAt: number };
}

/**
 * Vectors keyed by (embedder id, sha256 of the chunk text): re-indexing after a
 * small corpus change embeds only new or changed chunks. Per embedder one file a
 * full build writes (`<id>.bin`, only the corpus's rows) and, beside it, the rows
 * incremental updates embedded since (`<id>.added/*.bin`, dropped by the next full
 * build). Every file is a JSON header, the binary keys, then the float32 rows, read
 * as views (no copy), and is written whole under a temporary name, then renamed.
 * Written only by index writers, under the index lock.
 */
export class EmbeddingCache {
  private readonly rows = new Map<string, number>();
  private parts: Part[] = [];
  hits = 0;
  misses = 0;

  private constructor(private readonly file: string, private readonly dimensions: number) {}

  /** 128 bits of sha256 of the text, as 32 hex digits. */
  static key(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, KEY_BYTES * 2);
  }

  static async open(indexDir: string, embedderId: string, dimensions: number): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(cacheFile(indexDir, embedderId), dimensions);
    for (const file of [cache.file, ...(await addedFiles(cache.file))]) {
      const bytes = await fs.readFile(file).catch(() => undefined);
      if (bytes) cache.load(bytes); // an unreadable cache file only costs time: its rows are embedded again
    }
    return cache;
  }

  /**
   * The cache with only its keys read (a few MB at 200k chunks, not the 400 MB of vectors):
   * each lookup reads its one row. For updates that embed a few documents. `release` closes it.
   */
  static async openLazily(indexDir: string, embedderId: string, dimensions: number): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(cacheFile(indexDir, embedderId), dimensions);
    for (const file of [cache.file, ...(await addedFiles(cache.file))]) cache.openPart(file);
    return cache;
  }

  /**
   * Stores the rows `rows` of `matrix` (row i has key keys[i]) that the cache lacks as one more added file,
   * beside the full build's: what an incremental update embedded, so a later update or full build does not
   * embed it again. Beyond MAX_ADDED_FILES the smallest added files are written as one.
   */
  static async add(indexDir: string, embedderId: string, dimensions: number, keys: string[], matrix: Float32Array, rows: number[]): Promise<void> {
    if (rows.length === 0) return;
    const base = cacheFile(indexDir, embedderId);
    const dir = addedDir(base);
    await fs.mkdir(dir, { recursive: true });
    // Left by a writer that died mid-write; writers hold the index lock, so none is being written now.
    for (const name of await fs.readdir(dir)) if (name.endsWith(".tmp")) await fs.rm(path.join(dir, name), { force: true });
    await writeCacheFile(path.join(dir, addedName()), dimensions, keys, matrix, rows);
    const added = await Promise.all((await addedFiles(base)).map(async (file) => ({ file, bytes: (await fs.stat(file)).size })));
    if (added.length <= MAX_ADDED_FILES) return;
    const smallest = added.sort((a, b) => a.bytes - b.bytes).slice(0, Math.max(ADDED_MERGE_FACTOR, added.length - MAX_ADDED_FILES + 1));
    const merged = new EmbeddingCache(base, dimensions);
    for (const { file } of smallest) merged.load(await fs.readFile(file));
    const mergedKeys = [...merged.rows.keys()];
    const vectors = new Float32Array(mergedKeys.length * dimensions);
    mergedKeys.forEach((key, r) => merged.lookup(key, vectors, r * dimensions));
    await writeCacheFile(path.join(dir, addedName()), dimensions, mergedKeys, vectors, mergedKeys.map((_, r) => r));
    // A crash before these are removed leaves their rows twice: lookups take either copy.
    for (const { file } of smallest) await fs.rm(file, { force: true });
  }

  get size(): number {
    return this.rows.size;
  }

  /** Copies the cached vector for `key` into out[offset, offset + dimensions); false when not cached. */
  lookup(key: string, out: Float32Array, offset: number): boolean {
    const row = this.rows.get(key);
    const part = row === undefined ? undefined : this.parts.find((p) => row < p.first + p.count);
    if (part && row !== undefined) {
      const local = row - part.first;
      if (part.lazy) {
        const bytes = this.dimensions * 4;
        const view = new Uint8Array(out.buffer, out.byteOffset + offset * 4, bytes);
        if (readSync(part.lazy.fd, view, 0, bytes, part.lazy.vectorsAt + local * bytes) === bytes) {
          this.hits++;
          return true;
        }
      } else if (part.vectors) {
        this.hits++;
        out.set(part.vectors.subarray(local * this.dimensions, (local + 1) * this.dimensions), offset);
        return true;
      }
    }
    this.misses++;
    return false;
  }

  /** Drops the loaded vectors (after lookups, before the big allocations of a build). */
  release(): void {
    this.rows.clear();
    for (const part of this.parts) if (part.lazy) closeSync(part.lazy.fd);
    this.parts = [];
  }

  /**
   * Replaces the cache with the rows of `matrix` (row i has key keys[i]); only the
   * current chunks are kept, so the cache does not grow without bound: the files
   * updates added are removed once the full build's is in place.
   */
  async save(keys: string[], matrix: Float32Array): Promise<void> {
    const seen = new Set<string>();
    const order: number[] = [];
    keys.forEach((k, i) => {
      if (!seen.has(k)) {
        seen.add(k);
        order.push(i);
      }
    });
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeCacheFile(this.file, this.dimensions, keys, matrix, order);
    await fs.rm(addedDir(this.file), { recursive: true, force: true });
  }

  /** Adds one cache file's rows, its vectors viewed in `bytes`; a file of another format, dimension or length is passed over. */
  private load(bytes: Buffer): void {
    try {
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as { format: string; dimensions: number; count: number };
      if (header.format !== FORMAT || header.dimensions !== this.dimensions) return;
      const keysAt = align16(4 + headerLength);
      const vectorsAt = keysAt + align16(header.count * KEY_BYTES);
      if (bytes.length !== vectorsAt + header.count * this.dimensions * 4) return;
      const offset = bytes.byteOffset + vectorsAt;
      const vectors = offset % 4 === 0
        ? new Float32Array(bytes.buffer, offset, header.count * this.dimensions)
        : new Float32Array(bytes.buffer.slice(offset, offset + header.count * this.dimensions * 4));
      this.addKeys(header.count, (r) => bytes.toString("hex", keysAt + r * KEY_BYTES, keysAt + (r + 1) * KEY_BYTES), { vectors });
    } catch {
      // an unreadable file only costs time
    }
  }

  /** Adds one cache file's keys; its rows are read on lookup. */
  private openPart(file: string): void {
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
      if (header.format !== FORMAT || header.dimensions !== this.dimensions) throw new Error("other cache");
      const keysAt = align16(4 + headerLength);
      const keys = read(keysAt, header.count * KEY_BYTES);
      this.addKeys(header.count, (r) => keys.toString("hex", r * KEY_BYTES, (r + 1) * KEY_BYTES), { lazy: { fd, vectorsAt: keysAt + align16(header.count * KEY_BYTES) } });
    } catch {
      if (fd !== undefined) closeSync(fd); // no such file, or an unreadable one: it only costs time
    }
  }

  private addKeys(count: number, keyAt: (r: number) => string, vectors: Pick<Part, "vectors" | "lazy">): void {
    const first = this.parts.reduce((n, p) => n + p.count, 0);
    for (let r = 0; r < count; r++) {
      const key = keyAt(r);
      if (!this.rows.has(key)) this.rows.set(key, first + r);
    }
    this.parts.push({ first, count, ...vectors });
  }
}

/**
 * Writes the rows `order` of `matrix` (row i has key keys[i], each key once) as one cache file: under a
 * temporary name, synced, then renamed over `file`, so a reader sees the whole file or none.
 */
async function writeCacheFile(file: string, d: number, keys: string[], matrix: Float32Array, order: number[]): Promise<void> {
  const header = Buffer.from(JSON.stringify({ format: FORMAT, dimensions: d, count: order.length }), "utf8");
  const prefix = Buffer.alloc(align16(4 + header.length));
  prefix.writeUInt32LE(header.length);
  header.copy(prefix, 4);
  const keyBytes = Buffer.alloc(align16(order.length * KEY_BYTES));
  order.forEach((i, r) => keyBytes.write(keys[i], r * KEY_BYTES, KEY_BYTES, "hex"));
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
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
  await fs.rename(tmp, file);
}

function cacheFile(indexDir: string, embedderId: string): string {
  return path.join(indexDir, "cache", `${embedderId.replace(/[^\w.-]+/g, "_")}.bin`);
}

function addedDir(file: string): string {
  return file.replace(/\.bin$/, ".added");
}

/** Sortable by time written, unique across processes. */
function addedName(): string {
  return `${Date.now().toString(36).padStart(9, "0")}-${process.pid}-${randomBytes(3).toString("hex")}.bin`;
}

/** The added files, oldest first. */
async function addedFiles(file: string): Promise<string[]> {
  const dir = addedDir(file);
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".bin")).sort().map((n) => path.join(dir, n));
}

function align16(n: number): number {
  return n + ((16 - (n % 16)) % 16);
}
