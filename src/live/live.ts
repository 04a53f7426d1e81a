/**
 * The live index of `chat` and `bot`: the engine over the current generation, a
 * watch on the manifest (a generation published by any process, e.g. `citebot
 * index` in another terminal, answers within moments) and, when asked for, a watch
 * on the corpus folder that indexes what changes there.
 */
import { type App, appAnswerer, openFreshIndex, updateAppIndex } from "../app.js";
import { terminalLine } from "../display-safe.js";
import { indexUpdatedText } from "../lang/messages.js";
import type { Script } from "../lang/script.js";
import { type IndexGeneration, indexGenerations } from "./index-generations.js";
import { LiveEngine, type ReloadResult, type SwitchEvent } from "./live-engine.js";
import { type CorpusUpdate, CorpusUpdater } from "./updater.js";
import { type CorpusWatchOptions, DEFAULT_CORPUS_WATCH, DEFAULT_MANIFEST_WATCH, type ManifestWatchOptions, watchCorpus, watchManifest, type Watcher } from "./watch.js";

export interface LiveOptions {
  /** Watch the corpus folder and index its changes (config.live.watchCorpus: CITEBOT_WATCH, --watch, --no-watch). */
  watchCorpus: boolean;
  /** Indexes a corpus change and publishes it; default `updateWhenChanged(app)`. */
  update?: CorpusUpdate;
  manifestWatch?: ManifestWatchOptions;
  corpusWatch?: CorpusWatchOptions;
}

export interface Live {
  /** The engine to answer with: always on the newest generation that opened. */
  engine: LiveEngine<IndexGeneration>;
  /**
   * Switches to the published generation now, if it is a new one. Whoever publishes one in this process
   * (an upload) calls it so the next question sees the new document without waiting for the watch.
   */
  reload(): Promise<ReloadResult>;
  /** Stops watching; waits for an update in progress, then for the questions in flight, and closes every generation. */
  close(): Promise<void>;
}

/**
 * Opens the index as `openEngine` does (built or refreshed first when needed), then keeps it live.
 * The manifest watch is always on: it costs one inotify watch and a stat every 2 s.
 */
export async function openLive(app: App, options: LiveOptions): Promise<Live> {
  const { corpusDir, indexDir } = app.config.paths;
  const logger = app.logger.child({ component: "live" });
  const generations = indexGenerations(app, await appAnswerer(app));
  const engine = new LiveEngine(generations, generations.adopt(await openFreshIndex(app)), app.logger);
  const watchers: Watcher[] = [watchManifest(indexDir, () => void engine.reload(), logger, options.manifestWatch ?? DEFAULT_MANIFEST_WATCH)];
  let updater: CorpusUpdater | undefined;
  if (options.watchCorpus) {
    updater = new CorpusUpdater({ update: options.update ?? updateWhenChanged(app), reload: () => engine.reload(), logger: app.logger });
    const changed = updater;
    try {
      watchers.push(watchCorpus(corpusDir, () => changed.request(), logger, { ...DEFAULT_CORPUS_WATCH, ignoreUnder: [indexDir], ...options.corpusWatch }));
      logger.info("watching the corpus folder", { corpus: corpusDir });
    } catch (error) {
      logger.warn("corpus folder not watched: changes are indexed at the next start or by `citebot index`", { error: (error as Error).message });
    }
    // What changed while the index was being opened.
    updater.request();
  }
  // What was published while it was being opened.
  void engine.reload();
  return {
    engine,
    reload: () => engine.reload(),
    async close() {
      for (const watcher of watchers) watcher.close();
      await updater?.close();
      await engine.close();
    },
  };
}

/**
 * The corpus update: only new, changed and removed files are read, embedded and indexed (one new segment,
 * tombstones for the rest; src/pipeline/update.ts); undefined when the index was up to date.
 */
export function updateWhenChanged(app: App): CorpusUpdate {
  return async () => {
    const result = await updateAppIndex(app);
    return result.upToDate ? undefined : result;
  };
}

/** Chat's one line when it switches: what changed, and the generation now answering, in `script` (lang/messages.ts). */
export function switchNotice(event: SwitchEvent, script: Script = "en"): string {
  return terminalLine(indexUpdatedText(event, script));
}
