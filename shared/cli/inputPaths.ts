import { stat } from "node:fs/promises";
import { listLogFiles, type SkippedEntry } from "../parsing/readLogFile.js";
import { UsageError } from "./usageError.js";

/** Fails before anything starts when a given path does not exist or cannot be read, naming it. */
export async function requireReadablePaths(paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    try {
      await stat(path);
    } catch (cause) {
      throw new UsageError(`${path}: ${whyUnreadable(cause)}`, { cause });
    }
  }
}

/** The log files the paths hold, folders walked; a folder with none is the command line's fault. */
export async function requireLogFiles(
  paths: readonly string[],
  onSkipped?: SkippedEntry,
): Promise<string[]> {
  const files = await listLogFiles([...paths], onSkipped);
  if (files.length === 0) throw new UsageError(`no log files found in ${paths.join(", ")}`);
  return files;
}

/** A Node file-system error in words, without the syscall and path Node puts in its message. */
export function whyUnreadable(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case "ENOENT":
      return "no such file or folder";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is a file, not a folder";
    case "ELOOP":
      return "too many symbolic links (a link loop)";
    case "ENAMETOOLONG":
      return "the path is too long";
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
