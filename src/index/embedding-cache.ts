import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import path from "node:path";
import { writeFileAtomic } from "./manifest.js";

const FORMAT = "citebot-embcache/1";

/**
 * Vectors keyed by (embedder id, sha256 of the chunk text): re-indexing after a
 * small corpus change embeds only new or changed chunks. One file per embedder.
 */
export class EmbeddingCache {
  private readonly entries = new Map<string, Float32Array>();
  hits = 0;
  misses = 0;

  private constructor(private readonly file: string, private readonly dimensions: number) {}

  static key(text: string): string {
    return createHash("sha256").update(text).digest("hex").slice(0, 32);
  }

  static async open(indexDir: string, embedderId: string, dimensions: number): Promise<EmbeddingCache> {
    const file = path.join(indexDir, "cache", `${embedderId.replace(/[^\w.-]+/g, "_")}.bin`);
    const cache = new EmbeddingCache(file, dimensions);
    const bytes = await fs.readFile(file).catch(() => undefined);
    if (bytes) cache.load(bytes); // an unreadable cache only costs time: start empty
    return cache;
  }

  get(key: string): Float32Array | undefined {
    const hit = this.entries.get(key);
    if (hit) this.hits++;
    else this.misses++;
    return hit;
  }

  set(key: string, vector: Float32Array): void {
    this.entries.set(key, vector);
  }

  /** Keeps only `keep` (the current chunks) so the cache does not grow without bound. */
  async save(keep: Set<string>): Promise<void> {
    const keys = [...this.entries.keys()].filter((k) => keep.has(k));
    const header = Buffer.from(JSON.stringify({ format: FORMAT, dimensions: this.dimensions, keys }), "utf8");
    const len = Buffer.alloc(4);
    len.writeUInt32LE(header.length);
    const pad = Buffer.alloc((4 - (header.length % 4)) % 4);
    const body = new Float32Array(keys.length * this.dimensions);
    keys.forEach((k, i) => body.set(this.entries.get(k)!, i * this.dimensions));
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, Buffer.concat([len, header, pad, Buffer.from(body.buffer)]));
  }

  private load(bytes: Buffer): void {
    try {
      const headerLength = bytes.readUInt32LE(0);
      const header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString("utf8")) as { format: string; dimensions: number; keys: string[] };
      if (header.format !== FORMAT || header.dimensions !== this.dimensions) return;
      const at = 4 + headerLength + ((4 - (headerLength % 4)) % 4);
      if (bytes.length !== at + header.keys.length * this.dimensions * 4) return;
      const body = new Float32Array(bytes.buffer.slice(bytes.byteOffset + at, bytes.byteOffset + bytes.length));
      header.keys.forEach((k, i) => this.entries.set(k, body.subarray(i * this.dimensions, (i + 1) * this.dimensions)));
    } catch {
      this.entries.clear();
    }
  }
}
