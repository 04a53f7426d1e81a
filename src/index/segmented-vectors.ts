import type { DeadRows } from "./graph.js";
import type { RowMap, RowSearch, VectorHit, VectorIndex } from "./vectors.js";

/** One segment as a generation sees it: where its ordinals start and what it has tombstoned. */
export interface VectorSegment {
  vectors: RowSearch;
  /** Global ordinal of the segment's first chunk. */
  base: number;
  /** deleted[local] is 1 for a tombstoned chunk; absent when none is. */
  deleted?: Uint8Array;
  /** The rows all of whose chunks are tombstoned. */
  dead?: DeadRows;
}

/**
 * Vector search over segments: each segment's graph is searched (its sharded ones on their
 * threads, all at once) leaving out tombstoned rows (hnswlib's filter: the rows stay in the
 * graph as waypoints), then the hits are merged by similarity. Each graph is asked for k, so
 * the merged top k is the top k of the union.
 */
export class SegmentedVectorIndex implements VectorIndex {
  readonly size: number;

  constructor(private readonly segments: VectorSegment[], size: number) {
    this.size = size;
  }

  /** The dead-row map of a segment's tombstones (undefined when it has none). */
  static deadRows(rowMap: RowMap, deleted: Uint8Array | undefined): DeadRows | undefined {
    if (!deleted) return undefined;
    const dead = rowMap.deadRows(deleted);
    const mask = new Uint8Array(new SharedArrayBuffer(dead.length));
    mask.set(dead);
    let count = 0;
    for (let row = 0; row < mask.length; row++) count += mask[row];
    return { mask, count };
  }

  async search(query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    if (k <= 0 || this.size === 0) return [];
    // Started together: threaded segments search while the others run here.
    const lists = await Promise.all(this.segments.map(async ({ vectors, base, deleted, dead }) =>
      vectors.rowMap.expand(await vectors.searchRows(query, k, dead), k, deleted).map((h) => ({ ordinal: base + h.ordinal, similarity: h.similarity }))));
    return lists.flat().sort((a, b) => b.similarity - a.similarity || a.ordinal - b.ordinal).slice(0, k);
  }

  async similarities(query: ArrayLike<number>, ordinals: readonly number[]): Promise<number[]> {
    const out = new Array<number>(ordinals.length).fill(0);
    await Promise.all(this.segments.map(async ({ vectors, base }) => {
      const at: number[] = [];
      const local: number[] = [];
      ordinals.forEach((o, i) => {
        if (Number.isInteger(o) && o >= base && o < base + vectors.size) {
          at.push(i);
          local.push(o - base);
        }
      });
      if (local.length === 0) return;
      const found = await vectors.similarities(query, local);
      at.forEach((i, j) => (out[i] = found[j]));
    }));
    return out;
  }
}
