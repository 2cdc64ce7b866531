import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import * as prettier from "prettier";

/**
 * Writes Markdown formatted by the repository's prettier settings, so the generated documents
 * pass `prettier --check` like the hand-written ones. Creates the folder when it is missing.
 */
export async function writeMarkdown(path: string, text: string): Promise<void> {
  mkdirSync(dirname(path), { recursive: true });
  const config = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(
    path,
    await prettier.format(text, { ...config, parser: "markdown", filepath: path }),
  );
}
