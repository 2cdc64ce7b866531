import { lstat, readlink, realpath, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, resolve, sep } from "node:path";
import { listLogFiles } from "../parsing/readLogFile.js";
import { whyUnreadable } from "./inputPaths.js";
import { UsageError } from "./usageError.js";

/** The replay options that name where output goes. */
export interface OutputFlags {
  out?: string;
  deadLetters?: string;
  table?: boolean;
}

type OutputOption = "--out" | "--dead-letters";

/** Where an output path leads: the real path it writes to, and the file there if one exists. */
interface OutputTarget {
  realPath: string;
  /** Device and inode of the existing file, which every hard link to it shares. */
  file: FileIdentity | null;
  /** True when the output itself is a symbolic link (to `realPath`). */
  viaLink: boolean;
}

interface FileIdentity {
  dev: bigint;
  ino: bigint;
}

/** One file a replay would read, with the path it was given as (itself or a folder above it). */
interface InputFile extends FileIdentity {
  file: string;
  given: string;
}

const WRITTEN: Record<OutputOption, string> = {
  "--out": "the alerts",
  "--dead-letters": "the dead letters",
};

/** What a write failure in the middle of a replay leaves behind. */
const LEFT_AFTER_FAILURE: Record<OutputOption, string> = {
  "--out": "the replay stopped, and the file holds only the alerts written before",
  "--dead-letters":
    "the alerts were written, but the file holds only the dead letters written before",
};

/**
 * Refuses outputs that would overwrite an input or each other: --out and --dead-letters outside
 * the inputs (also through a symbolic or hard link), not the same file, not a folder, and at most
 * one of alerts, table and dead letters on stdout. Touches no file.
 */
export async function requireOutputsApart(
  flags: OutputFlags,
  paths: readonly string[],
): Promise<void> {
  const { out, deadLetters } = flags;
  requireNonEmpty("--out", out);
  requireNonEmpty("--dead-letters", deadLetters);
  if (out === "-" && flags.table) {
    throw new UsageError(
      "--out - and --table both write to stdout, so the NDJSON rows and the table would mix; write the alerts to a file with --out <file>, or leave out one of the two",
    );
  }
  const inputs = lazily(() => inputFilesOf(paths));
  const outTarget = out && out !== "-" ? await targetOf("--out", out) : null;
  if (outTarget) await requireOutsideInputs("--out", out!, outTarget, paths, inputs);
  if (!deadLetters) return;
  if (deadLetters === "-") return requireStdoutFreeForDeadLetters(flags);

  const deadLettersTarget = await targetOf("--dead-letters", deadLetters);
  if (!deadLettersTarget) return;
  await requireOutsideInputs("--dead-letters", deadLetters, deadLettersTarget, paths, inputs);
  if (outTarget && sameTarget(outTarget, deadLettersTarget)) {
    throw new UsageError(
      `--dead-letters ${deadLetters}: that is also the --out file, so alerts and dead letters would overwrite each other; write them to two files`,
    );
  }
}

/**
 * Replaces the output file with an empty one, so a file left by an earlier run is not appended
 * to, and an unwritable path fails before the replay instead of after it.
 */
export async function startOutputFile(option: OutputOption, output: string): Promise<void> {
  try {
    await writeFile(output, "");
  } catch (cause) {
    throw new UsageError(
      `${option} ${output}: cannot write ${WRITTEN[option]} there: ${await whyUnwritable(cause, output)}`,
      { cause },
    );
  }
}

/**
 * The error that stops a replay when its output file cannot be written once the replay has begun
 * (a full disk, a device that refuses the write). It names the option and the cause, as
 * `startOutputFile` does, and what the failure left behind.
 */
export async function outputWriteError(
  option: OutputOption,
  output: string,
  cause: unknown,
): Promise<UsageError> {
  return new UsageError(
    `${option} ${output}: cannot write ${WRITTEN[option]} there: ${await whyUnwritable(cause, output)}; ${LEFT_AFTER_FAILURE[option]}`,
    { cause },
  );
}

/** The error that stops a command whose stdout cannot be written (redirected to a full disk). */
export function stdoutWriteError(cause: unknown): UsageError {
  return new UsageError(`stdout: cannot write there: ${whyWriteFailed(cause)}`, { cause });
}

function requireNonEmpty(option: OutputOption, value: string | undefined): void {
  if (value === undefined || value.trim() !== "") return;
  throw new UsageError(
    `${option}: expected a file path, or "-" for stdout, got ${JSON.stringify(value)}`,
  );
}

function requireStdoutFreeForDeadLetters(flags: OutputFlags): void {
  const taken =
    flags.out === "-"
      ? "--out - writes the alerts there"
      : flags.table
        ? "--table prints the alerts there"
        : !flags.out
          ? "the alerts go there when --out is not given"
          : null;
  if (taken === null) return;
  throw new UsageError(
    `--dead-letters -: stdout is taken, ${taken}; write the dead letters to a file, or the alerts with --out <file>`,
  );
}

/**
 * Refuses an output that is one of the inputs, a link to one, or lies inside an input folder: it
 * is emptied before the replay starts, so the input would be lost, or read back as logs while
 * output goes into it.
 */
async function requireOutsideInputs(
  option: OutputOption,
  output: string,
  target: OutputTarget,
  paths: readonly string[],
  inputs: () => Promise<InputFile[]>,
): Promise<void> {
  const refuse = (where: string) =>
    new UsageError(
      `${option} ${output}: that is ${where}, which would be overwritten or read as logs; write ${WRITTEN[option]} to a path outside the inputs`,
    );
  const link = target.viaLink ? "a link to " : "";
  for (const path of paths) {
    const input = await realpath(path);
    if (target.realPath === input) throw refuse(`${link}the input file ${path}`);
    if (!target.realPath.startsWith(input + sep) || !(await stat(input)).isDirectory()) continue;
    throw refuse(
      target.viaLink
        ? `a link to ${target.realPath}, inside the input folder ${path}`
        : `inside the input folder ${path}`,
    );
  }
  // A hard link has no path in common with the input it shares its data with.
  const { file } = target;
  if (file === null) return;
  const linked = (await inputs()).find(({ dev, ino }) => dev === file.dev && ino === file.ino);
  if (linked === undefined) return;
  throw refuse(
    linked.file === linked.given
      ? `a link to the input file ${linked.given}`
      : `a link to ${linked.file}, inside the input folder ${linked.given}`,
  );
}

/**
 * Where `output` writes; null when its folder does not exist, so it holds no input and writing
 * fails later with its own message. Refuses a folder and a link to a missing file.
 */
async function targetOf(option: OutputOption, output: string): Promise<OutputTarget | null> {
  const absolute = resolve(output);
  const folder = await realpath(dirname(absolute)).catch(() => null);
  if (folder === null) return null;
  const direct = join(folder, basename(absolute));
  const entry = await lstat(direct).catch(() => null);
  if (entry === null) return { realPath: direct, file: null, viaLink: false };

  const realPath = await realpath(direct).catch(() => null);
  if (realPath === null) {
    throw new UsageError(
      `${option} ${output}: that is a link to ${await readlink(direct)}, which does not exist; give the path of the file to write ${WRITTEN[option]} to`,
    );
  }
  const stats = await stat(realPath, { bigint: true });
  if (stats.isDirectory()) {
    throw new UsageError(
      `${option} ${output}: that is a folder; expected a file to write ${WRITTEN[option]} to`,
    );
  }
  return { realPath, file: { dev: stats.dev, ino: stats.ino }, viaLink: realPath !== direct };
}

function sameTarget(left: OutputTarget, right: OutputTarget): boolean {
  if (left.realPath === right.realPath) return true;
  return (
    left.file !== null &&
    right.file !== null &&
    left.file.dev === right.file.dev &&
    left.file.ino === right.file.ino
  );
}

/** Every file the replay would read, with its device and inode. */
async function inputFilesOf(paths: readonly string[]): Promise<InputFile[]> {
  const inputs: InputFile[] = [];
  for (const given of paths) {
    for (const file of await listLogFiles([given])) {
      const stats = await stat(file, { bigint: true }).catch(() => null);
      if (stats !== null) inputs.push({ file, given, dev: stats.dev, ino: stats.ino });
    }
  }
  return inputs;
}

/** Runs `load` at most once, and only when asked: listing input folders can take a while. */
function lazily<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | null = null;
  return () => (loaded ??= load());
}

async function whyUnwritable(error: unknown, output: string): Promise<string> {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code !== "ENOENT") return whyWriteFailed(error);
  const folder = dirname(resolve(output));
  const exists = await stat(folder).then(
    () => true,
    () => false,
  );
  return exists ? `no file can be made in ${folder}` : `the folder ${folder} does not exist`;
}

/** A Node error met while writing a file or stdout, in words, without the syscall and path. */
export function whyWriteFailed(error: unknown): string {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case "EISDIR":
      return "that is a folder; expected a file";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on device";
    case "EDQUOT":
      return "the disk quota is used up";
    case "EFBIG":
      return "the file is larger than the file system allows";
    case "EIO":
      return "the device refused the write (input/output error)";
    default:
      return whyUnreadable(error);
  }
}
