import type { BatchJob } from "../clientPopulation.js";
import { composeRequest } from "../composeRequest.js";
import type { ClientIdentity, RequestSink } from "../generatedRequest.js";
import { SeededRandom } from "../seededRandom.js";
import { TICKS_PER_MINUTE, TICKS_PER_MS, TICKS_PER_SECOND } from "../ticks.js";
import { dailyVolume } from "../trafficMix.js";
import type { SourceContext, TrafficSource } from "./trafficSource.js";

const BATCH_HEADER_BYTES = 380;
const BATCH_PAGE_SIZE = "100";
/** The share of a run spent paging through the list before fetching items one by one. */
const LIST_SHARE = 0.1;

/**
 * Nightly jobs: each runs at its own minute every day, pages through one list operation with
 * fixed filters and then fetches items one after another, as fast as the backend answers.
 */
export class BatchTraffic implements TrafficSource {
  private readonly totalWeight: number;

  constructor(private readonly context: SourceContext) {
    this.totalWeight = context.population.batchJobs.reduce((sum, job) => sum + job.weight, 0);
  }

  emitHour(hour: number, sink: RequestSink): void {
    const day = Math.floor(hour / 24);
    this.context.population.batchJobs.forEach((job) => {
      if (Math.floor(job.startMinuteOfDay / 60) !== hour % 24) return;
      const random = SeededRandom.stream(this.context.composer.seed, `batch:${job.key}:${day}`);
      this.emitRun(job, day, random, sink);
    });
  }

  private emitRun(job: BatchJob, day: number, random: SeededRandom, sink: RequestSink): void {
    const volume =
      dailyVolume("batch", this.context.requestsPerDay, false) * (job.weight / this.totalWeight);
    const calls = Math.max(2, Math.round(volume * random.uniform(0.9, 1.1)));
    const pages = Math.max(1, Math.round(calls * LIST_SHARE));
    const client = batchIdentity(job);
    const dayStart = this.context.timeline.hourStartTick(day * 24);
    let tick =
      dayStart + job.startMinuteOfDay * TICKS_PER_MINUTE + random.int(90 * TICKS_PER_SECOND);
    for (let call = 0; call < calls; call += 1) {
      const request =
        call < pages
          ? composeRequest(
              this.context.composer,
              random,
              job.listOperation,
              client,
              tick,
              "benign",
              {
                omitQuery: job.listOperation.query.map((spec) => spec.name),
                query: {
                  ...this.fixedFilters(job, day),
                  page: String(call + 1),
                  pageSize: BATCH_PAGE_SIZE,
                },
              },
            )
          : composeRequest(
              this.context.composer,
              random,
              job.itemOperation,
              client,
              tick,
              "benign",
            );
      sink.add(request);
      tick +=
        request.latencyMs * TICKS_PER_MS + Math.round(random.logNormal(40, 0.6) * TICKS_PER_MS);
    }
  }

  private fixedFilters(job: BatchJob, day: number): Record<string, string> {
    const names = new Set(job.listOperation.query.map((spec) => spec.name));
    if (!names.has("from")) return {};
    return {
      from: this.context.timeline.dateOf(day - 1),
      to: this.context.timeline.dateOf(day),
    };
  }
}

/** The identity a batch job's calls carry: its fixed address and server User-Agent. */
export function batchIdentity(job: BatchJob): ClientIdentity {
  return {
    key: job.key,
    kind: "batch",
    callerIp: job.ip,
    userAgent: job.userAgent,
    subscriptionId: job.subscriptionId,
    headerBytes: BATCH_HEADER_BYTES,
  };
}
