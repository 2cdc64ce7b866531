import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import type { GeneratedRequest } from "./generatedRequest.js";
import { SeededRandom } from "./seededRandom.js";
import { TICKS_PER_DAY } from "./ticks.js";
import { type GatewayIdentity, toGatewayLogRecord } from "./toGatewayLogRecord.js";

/** Event Hubs events from a diagnostic setting hold a varying number of records; ours hold 100-500. */
export const MAX_RECORDS_PER_ENVELOPE = 500;
const MIN_RECORDS_PER_ENVELOPE = 100;
const BUFFER_BYTES = 8 * 1024 * 1024;
const FLUSH_BYTES = 4 * 1024 * 1024;

/**
 * Writes time-ordered requests as one `gatewaylogs-YYYY-MM-DD.ndjson` file per UTC day, one
 * `{"records":[...]}` envelope per line. Requests must arrive in time order across calls.
 * Records are encoded straight into one reused buffer: encoding a joined envelope string cost
 * more than composing the records.
 */
export class DatasetWriter {
  private currentDay = -1;
  private descriptor: number | undefined;
  private buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  private recordsInEnvelope = 0;
  private envelopeSize = MAX_RECORDS_PER_ENVELOPE;
  private envelopeSizes: SeededRandom | undefined;
  readonly files: string[] = [];

  constructor(
    private readonly outDir: string,
    private readonly seed: number,
    private readonly gateway: GatewayIdentity,
  ) {
    mkdirSync(outDir, { recursive: true });
  }

  write(requests: readonly GeneratedRequest[]): void {
    for (const request of requests) {
      const day = Math.floor(request.tick / TICKS_PER_DAY);
      while (this.currentDay < day) this.startDay(this.currentDay + 1);
      this.append(this.recordsInEnvelope === 0 ? '{"records":[' : ",");
      this.append(toGatewayLogRecord(request, this.gateway));
      this.recordsInEnvelope += 1;
      if (this.recordsInEnvelope >= this.envelopeSize) this.closeEnvelope();
    }
  }

  /** Writes what is pending and closes the last file, creating empty files up to `lastDay`. */
  close(lastDay: number): void {
    while (this.currentDay < lastDay) this.startDay(this.currentDay + 1);
    this.endDay();
  }

  /** The file name for day `day` (0-based) of the dataset. */
  static fileNameFor(startMs: number, day: number): string {
    const date = new Date(startMs + day * 86_400_000).toISOString().slice(0, 10);
    return `gatewaylogs-${date}.ndjson`;
  }

  private startDay(day: number): void {
    this.endDay();
    this.currentDay = day;
    const name = DatasetWriter.fileNameFor(this.gateway.startMs, day);
    this.files.push(name);
    this.descriptor = openSync(join(this.outDir, name), "w");
    this.envelopeSizes = SeededRandom.stream(this.seed, `envelopes:${day}`);
    this.envelopeSize = this.nextEnvelopeSize();
  }

  private endDay(): void {
    if (this.descriptor === undefined) return;
    this.closeEnvelope();
    this.flush();
    closeSync(this.descriptor);
    this.descriptor = undefined;
  }

  private closeEnvelope(): void {
    if (this.recordsInEnvelope === 0) return;
    this.append("]}\n");
    this.recordsInEnvelope = 0;
    this.envelopeSize = this.nextEnvelopeSize();
    if (this.used >= FLUSH_BYTES) this.flush();
  }

  private append(text: string): void {
    // UTF-8 needs at most three bytes per UTF-16 code unit.
    const needed = text.length * 3;
    if (this.used + needed > this.buffer.length) {
      this.flush();
      if (needed > this.buffer.length) this.buffer = Buffer.allocUnsafe(needed * 2);
    }
    this.used += this.buffer.write(text, this.used);
  }

  private flush(): void {
    if (this.descriptor === undefined || this.used === 0) return;
    let written = 0;
    while (written < this.used)
      written += writeSync(this.descriptor, this.buffer, written, this.used - written);
    this.used = 0;
  }

  private nextEnvelopeSize(): number {
    const random = this.envelopeSizes;
    if (random === undefined) return MAX_RECORDS_PER_ENVELOPE;
    return random.between(MIN_RECORDS_PER_ENVELOPE, MAX_RECORDS_PER_ENVELOPE);
  }
}
