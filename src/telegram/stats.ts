/** The counters as /stats shows them (i18n.ts gives each line its words). */
export interface StatsSnapshot {
  uptime_s: number;
  updates: number;
  questions: number;
  answered: number;
  not_found: number;
  failed: number;
  rate_limited: number;
  busy: number;
  refused: number;
  passages: number;
  inline_queries: number;
  avg_answer_ms: number;
}

/** What /stats reports: the counters, the index's size, and how updates arrive. */
export interface BotStatus extends StatsSnapshot {
  documents: number;
  chunks: number;
  mode: "webhook" | "polling";
}

/** Counters for the operator's /stats command; one instance per bot. */
export class BotStats {
  readonly startedAt = Date.now();
  updates = 0;
  questions = 0;
  answered = 0;
  notFound = 0;
  failed = 0;
  rateLimited = 0;
  /** Questions turned away because the user already had the maximum in flight. */
  busy = 0;
  refused = 0;
  passages = 0;
  inlineQueries = 0;
  private latencyTotalMs = 0;

  recordAnswer(found: boolean, latencyMs: number): void {
    if (found) this.answered++;
    else this.notFound++;
    this.latencyTotalMs += latencyMs;
  }

  snapshot(): StatsSnapshot {
    const done = this.answered + this.notFound;
    return {
      uptime_s: Math.round((Date.now() - this.startedAt) / 1000),
      updates: this.updates,
      questions: this.questions,
      answered: this.answered,
      not_found: this.notFound,
      failed: this.failed,
      rate_limited: this.rateLimited,
      busy: this.busy,
      refused: this.refused,
      passages: this.passages,
      inline_queries: this.inlineQueries,
      avg_answer_ms: done ? Math.round(this.latencyTotalMs / done) : 0,
    };
  }
}
