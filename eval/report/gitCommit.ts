import { execFileSync } from "node:child_process";

/** The checked-out commit, `abc1234`, with `+ uncommitted changes` when the tree is dirty. */
export function describeCommit(repoRoot: string): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: repoRoot, encoding: "utf8" }).trim();
    const commit = git("rev-parse", "--short", "HEAD");
    return git("status", "--porcelain") === "" ? commit : `${commit} + uncommitted changes`;
  } catch {
    return "unknown (not a git checkout)";
  }
}
