import { link, mkdir, mkdtemp, readFile, realpath, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { accessLogLine } from "../replay/accessLogLines.js";
import { gatewarden } from "./runGatewarden.js";

const LINE = `${accessLogLine(Date.parse("2015-05-17T10:05:03Z"))}\n`;

/** An input folder `sub` holding a.log, beside it a folder for links, both fresh. */
async function inputAndLinkFolders(): Promise<{ sub: string; input: string; links: string }> {
  const root = await mkdtemp(join(tmpdir(), "gatewarden-links-"));
  const sub = join(root, "sub");
  const links = join(root, "links");
  await mkdir(sub);
  await mkdir(links);
  const input = join(sub, "a.log");
  await writeFile(input, LINE);
  return { sub, input, links };
}

function refusal(option: string, output: string, where: string, written: string): string {
  return `gatewarden: ${option} ${output}: that is ${where}, which would be overwritten or read as logs; write ${written} to a path outside the inputs\n`;
}

describe("gatewarden replay refuses outputs that reach an input through a link", () => {
  it("refuses an --out that is a symbolic link to a file in the input folder, and leaves the file intact", async () => {
    const { sub, input, links } = await inputAndLinkFolders();
    const out = join(links, "link.log");
    await symlink(input, out);

    const result = await gatewarden("replay", sub, "--out", out, "--quiet");
    const target = await realpath(input);

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      refusal("--out", out, `a link to ${target}, inside the input folder ${sub}`, "the alerts"),
    );
    expect(await readFile(input, "utf8")).toBe(LINE);
  });

  it("refuses an --out that is a hard link to the input file, and leaves the file intact", async () => {
    const { input, links } = await inputAndLinkFolders();
    const out = join(links, "hard.log");
    await link(input, out);

    const result = await gatewarden("replay", input, "--out", out, "--quiet");

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      refusal("--out", out, `a link to the input file ${input}`, "the alerts"),
    );
    expect(await readFile(input, "utf8")).toBe(LINE);
  });

  it("refuses an --out that is a hard link to a file inside an input folder, and leaves the file intact", async () => {
    const { sub, input, links } = await inputAndLinkFolders();
    const out = join(links, "hard.log");
    await link(input, out);

    const result = await gatewarden("replay", sub, "--out", out, "--quiet");

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      refusal("--out", out, `a link to ${input}, inside the input folder ${sub}`, "the alerts"),
    );
    expect(await readFile(input, "utf8")).toBe(LINE);
  });

  it("refuses a --dead-letters that is a symbolic or hard link to the input file, and leaves the file intact", async () => {
    const { input, links } = await inputAndLinkFolders();
    const soft = join(links, "soft.ndjson");
    const hard = join(links, "hard.ndjson");
    await symlink(input, soft);
    await link(input, hard);
    const out = join(links, "alerts.ndjson");

    const [throughSoft, throughHard] = await Promise.all([
      gatewarden("replay", input, "--out", out, "--dead-letters", soft, "--quiet"),
      gatewarden("replay", input, "--out", out, "--dead-letters", hard, "--quiet"),
    ]);

    expect([throughSoft.code, throughHard.code]).toEqual([2, 2]);
    expect(throughSoft.stderr).toBe(
      refusal("--dead-letters", soft, `a link to the input file ${input}`, "the dead letters"),
    );
    expect(throughHard.stderr).toBe(
      refusal("--dead-letters", hard, `a link to the input file ${input}`, "the dead letters"),
    );
    expect(await readFile(input, "utf8")).toBe(LINE);
  });

  it("refuses a --dead-letters that is a hard link to the --out file, and leaves it intact", async () => {
    const { input, links } = await inputAndLinkFolders();
    const out = join(links, "alerts.ndjson");
    const deadLetters = join(links, "dead-letters.ndjson");
    await writeFile(out, "left over\n");
    await link(out, deadLetters);

    const result = await gatewarden(
      "replay",
      input,
      "--out",
      out,
      "--dead-letters",
      deadLetters,
      "--quiet",
    );

    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      `gatewarden: --dead-letters ${deadLetters}: that is also the --out file, so alerts and dead letters would overwrite each other; write them to two files\n`,
    );
    expect(await readFile(out, "utf8")).toBe("left over\n");
  });
});
