import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { toAlertRow } from "../../shared/alerts/alertRow.js";
import { createNdjsonSink } from "../../shared/sinks/ndjsonSink.js";
import { alertFixture } from "../support/alertFixture.js";

describe("createNdjsonSink", () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(join(tmpdir(), "gatewarden-ndjson-"));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("appends one alert row per line to a file, making its folder, across batches", async () => {
    const path = join(folder, "alerts", "2024-05-02.ndjson");
    const sink = createNdjsonSink(path);
    const first = [alertFixture(), alertFixture({ clientIp: "198.51.100.23" })];
    const second = [alertFixture({ score: 4.2 })];

    expect(await sink.send(first)).toEqual({ sent: 2, failed: [] });
    expect(await sink.send(second)).toEqual({ sent: 1, failed: [] });

    const text = await readFile(path, "utf8");
    expect(text.endsWith("\n")).toBe(true);
    const lines = text.trimEnd().split("\n");
    expect(lines.map((line) => JSON.parse(line))).toEqual([...first, ...second].map(toAlertRow));
  });

  it("writes the rows to a stream it is given", async () => {
    const stream = new PassThrough();
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    const alert = alertFixture();

    expect(await createNdjsonSink(stream).send([alert])).toEqual({ sent: 1, failed: [] });
    expect(Buffer.concat(chunks).toString("utf8")).toBe(`${JSON.stringify(toAlertRow(alert))}\n`);
  });

  it("returns every alert of the batch as failed when the stream's write fails", async () => {
    const stream = new Writable({
      write: (_chunk, _encoding, done) => done(new Error("no space left on device")),
    });
    const streamErrors: Error[] = [];
    stream.on("error", (error) => streamErrors.push(error));
    const alerts = [alertFixture(), alertFixture({ clientIp: "198.51.100.23" })];

    const result = await createNdjsonSink(stream).send(alerts);

    expect(result).toEqual({
      sent: 0,
      failed: alerts.map((alert) => ({
        alert,
        reason: "NDJSON write failed: no space left on device",
      })),
    });
    expect(streamErrors.map((error) => error.message)).toEqual(["no space left on device"]);
  });

  it("returns the batch as failed when the path is a folder", async () => {
    const alert = alertFixture();

    const result = await createNdjsonSink(folder).send([alert]);

    expect(result).toEqual({
      sent: 0,
      failed: [
        {
          alert,
          reason: `NDJSON write failed: EISDIR: illegal operation on a directory, open '${folder}'`,
        },
      ],
    });
  });

  it("sets aside an alert whose evidence JSON cannot carry and writes the rest", async () => {
    const path = join(folder, "alerts.ndjson");
    const good = alertFixture();
    const base = alertFixture({ clientIp: "198.51.100.23" });
    const bad = { ...base, evidence: { ...base.evidence, details: { bytes: 10n } } };

    const result = await createNdjsonSink(path).send([good, bad]);

    expect(result).toEqual({
      sent: 1,
      failed: [
        {
          alert: bad,
          reason: "alert row cannot be written as JSON: Do not know how to serialize a BigInt",
        },
      ],
    });
    expect(await readFile(path, "utf8")).toBe(`${JSON.stringify(toAlertRow(good))}\n`);
  });

  it("writes nothing for an empty batch", async () => {
    const path = join(folder, "alerts.ndjson");

    expect(await createNdjsonSink(path).send([])).toEqual({ sent: 0, failed: [] });
    await expect(readFile(path, "utf8")).rejects.toThrow("ENOENT");
  });

  it("rejects an empty target", () => {
    expect(() => createNdjsonSink("")).toThrow(
      'NDJSON sink target "" is invalid: expected "-" for stdout, a file path or a writable stream',
    );
  });
});
