import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { gatewarden } from "./runGatewarden.js";

describe("gatewarden replay when no record could be read", { timeout: 120_000 }, () => {
  it("exits 1, empties an existing --out file so an earlier run's alerts are not taken for this one's, and writes the dead letters", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-no-record-"));
    const input = join(folder, "gateway.log");
    await writeFile(input, "not a log line\n");
    const outFolder = await mkdtemp(join(tmpdir(), "gatewarden-no-record-out-"));
    const out = join(outFolder, "alerts.ndjson");
    const deadLetters = join(outFolder, "dead-letters.ndjson");
    await writeFile(out, '{"AlertId":"from an earlier run"}\n');

    const result = await gatewarden(
      "replay",
      input,
      "--format",
      "access-log",
      "--out",
      out,
      "--dead-letters",
      deadLetters,
      "--quiet",
    );

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "gatewarden:replay warn no record could be read; check --format and the reasons above\n",
    );
    expect(await readFile(out, "utf8")).toBe("");
    const letters = (await readFile(deadLetters, "utf8")).split("\n").filter(Boolean);
    expect(letters.map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual([
      "rejected",
    ]);
  });
});
