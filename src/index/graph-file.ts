import { promises as fs } from "node:fs";

/** hnswlib's header: nine size_t fields, two 32-bit ints and a double (saveIndex in hnswalg.h). */
const HEADER_BYTES = 96;

/**
 * Checks an HNSW graph file against its own layout and returns its element count.
 * hnswlib writes through a std::ofstream it never checks, so a full disk cuts the
 * file short without any error. The layout says exactly where the file ends: the
 * header, a level-0 block of count × bytes-per-element, then one length-prefixed
 * link list per element (a small tail, so this reads little of a large file).
 */
export async function graphFileElements(file: string): Promise<number> {
  const handle = await fs.open(file, "r");
  try {
    const { size } = await handle.stat();
    const short = (needed: number) => new Error(`graph file is ${size} bytes, its layout needs at least ${needed}`);
    const header = Buffer.alloc(HEADER_BYTES);
    if ((await handle.read(header, 0, HEADER_BYTES, 0)).bytesRead < HEADER_BYTES) throw short(HEADER_BYTES);
    const count = Number(header.readBigUInt64LE(16));
    const linksAt = HEADER_BYTES + count * Number(header.readBigUInt64LE(24));
    if (!(linksAt <= size)) throw short(linksAt);
    const links = Buffer.alloc(size - linksAt);
    await handle.read(links, 0, links.length, linksAt);
    let end = 0;
    for (let i = 0; i < count; i++) {
      if (end + 4 > links.length) throw short(linksAt + end + 4);
      end += 4 + links.readUInt32LE(end);
    }
    if (end !== links.length) throw end > links.length ? short(linksAt + end) : new Error(`graph file has ${links.length - end} bytes after its end`);
    return count;
  } finally {
    await handle.close().catch(() => undefined);
  }
}
