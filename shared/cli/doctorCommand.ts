import { diagnoseRecords, type Finding } from "../doctor/diagnoseRecords.js";
import { createParseOptions } from "../parsing/parseOptions.js";
import { readLogFile } from "../parsing/readLogFile.js";
import type { RecordRejection } from "../parsing/recordRejection.js";
import type { InputFormat, RequestRecord } from "../records/requestRecord.js";
import { requireLogFiles, requireReadablePaths } from "./inputPaths.js";
import { UsageError } from "./usageError.js";

export interface DoctorFlags {
  format: InputFormat | "auto";
  sample: string;
}

const MARKS: Record<Finding["level"], string> = {
  ok: "ok     ",
  warning: "warning",
  problem: "PROBLEM",
};

/**
 * Runs `gatewarden doctor`; returns the exit code: 0 when nothing is a problem, else 1. Throws a
 * UsageError (exit 2) for a path that cannot be read or a bad --sample.
 */
export async function runDoctor(paths: string[], flags: DoctorFlags): Promise<number> {
  const limit = Number(flags.sample);
  if (!Number.isInteger(limit) || limit < 1) {
    throw new UsageError(
      `--sample: expected a whole number of records above 0, got ${JSON.stringify(flags.sample)}`,
    );
  }
  await requireReadablePaths(paths);
  const files = await requireLogFiles(paths, (path, reason) =>
    process.stderr.write(`gatewarden doctor: skipped ${path}, which cannot be read: ${reason}\n`),
  );

  const records: RequestRecord[] = [];
  const rejections: RecordRejection[] = [];
  // Forwarding is trusted here only to see whether X-Forwarded-For is logged at all.
  const options = createParseOptions(Date.now(), { trustForwardedFor: true });
  for (const file of files) {
    try {
      for await (const chunk of readLogFile(file, flags.format, options)) {
        records.push(...chunk.records.slice(0, limit - records.length));
        rejections.push(...chunk.rejections);
        if (records.length >= limit) break;
      }
    } catch (error) {
      // As in replay: an unreadable file (unknown format, broken gzip) is one rejection.
      const reason = error instanceof Error ? error.message : String(error);
      rejections.push({ field: "(file)", reason, source: file, raw: "" });
    }
    if (records.length >= limit) break;
  }

  const findings = diagnoseRecords({ records, rejections });
  process.stdout.write(
    `Read ${records.length} records and ${rejections.length} rejections from ${files.length} file(s).\n\n`,
  );
  for (const finding of findings) {
    process.stdout.write(`${MARKS[finding.level]}  ${finding.topic}: ${finding.observation}\n`);
    if (finding.action) process.stdout.write(`         ${finding.action}\n`);
  }
  return findings.some((finding) => finding.level === "problem") ? 1 : 0;
}
