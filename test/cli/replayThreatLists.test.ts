import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accessLogLine } from "../replay/accessLogLines.js";
import { gatewarden } from "./runGatewarden.js";

const TOR_FORMS = "a Tor exit list, one address per line or the exit-addresses form";
const FEED_FORMS = "IP addresses, CIDR ranges, abuse.ch CSV, IPsum scores or a STIX 2.1 bundle";

async function folderWith(files: Record<string, string>): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), "gatewarden-lists-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(folder, name), text);
  return folder;
}

describe("gatewarden replay refuses threat lists with no usable entry", { timeout: 60_000 }, () => {
  it("refuses an empty --tor-exit-list with exit 2, saying it holds no entries", async () => {
    const folder = await folderWith({ "gateway.log": `${accessLogLine(0)}\n`, "tor.txt": "" });
    const list = join(folder, "tor.txt");

    const result = await gatewarden("replay", join(folder, "gateway.log"), "--tor-exit-list", list);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatewarden: --tor-exit-list ${list}: no usable entry in the file, 0 lines rejected; it holds no entries; expected ${TOR_FORMS}\n`,
    );
    expect(result.stdout).toBe("");
  });

  it("refuses an access log given as --tor-exit-list, counting its rejected lines and quoting the first reason", async () => {
    const lines = [accessLogLine(0), accessLogLine(1000), accessLogLine(2000)];
    const folder = await folderWith({
      "gateway.log": `${lines[0]}\n`,
      "tor.txt": lines.join("\n"),
    });
    const list = join(folder, "tor.txt");

    const result = await gatewarden("replay", join(folder, "gateway.log"), "--tor-exit-list", list);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatewarden: --tor-exit-list ${list}: no usable entry in the file, 3 lines rejected; the first, line 1: expected one address per line, found "203.0.113.9 - - [01/Jan/1970:00:00:00 +0000] \\"GET /a HTTP/1.1\\" 200 5 \\"-\\" \\"… (87 chars); expected ${TOR_FORMS}\n`,
    );
  });

  it("refuses a truncated STIX bundle given as --threat-intel, naming the flag, the file and the reason", async () => {
    const truncated =
      '{"type":"bundle","id":"bundle--1","objects":[{"type":"indicator","pattern":"[ipv4';
    const folder = await folderWith({
      "gateway.log": `${accessLogLine(0)}\n`,
      "feed.json": truncated,
    });
    const feed = join(folder, "feed.json");

    const result = await gatewarden(
      "replay",
      join(folder, "gateway.log"),
      "--threat-intel",
      `stix=${feed}`,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      new RegExp(
        `^gatewarden: --threat-intel stix=${feed}: no usable entry in the file, 1 line rejected; the first, line 1: not valid JSON: .+; expected ${FEED_FORMS}\\n$`,
      ),
    );
  });

  it("refuses a --threat-intel feed that lists only private ranges, which never match", async () => {
    const folder = await folderWith({
      "gateway.log": `${accessLogLine(0)}\n`,
      "feed.txt": "10.0.0.0/8\n",
    });
    const feed = join(folder, "feed.txt");

    const result = await gatewarden(
      "replay",
      join(folder, "gateway.log"),
      "--threat-intel",
      `internal=${feed}`,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatewarden: --threat-intel internal=${feed}: no usable entry in the file, 1 line rejected; the first, line 1: 10.0.0.0/8 is in the private range 10.0.0.0/8; private, loopback, link-local, unspecified and multicast addresses never match; expected ${FEED_FORMS}\n`,
    );
  });

  it("refuses a --tor-exit-list that does not exist, naming the flag and the file", async () => {
    const folder = await folderWith({ "gateway.log": `${accessLogLine(0)}\n` });
    const missing = join(folder, "tor.txt");

    const result = await gatewarden(
      "replay",
      join(folder, "gateway.log"),
      "--tor-exit-list",
      missing,
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`gatewarden: --tor-exit-list ${missing}: no such file or folder\n`);
  });
});
