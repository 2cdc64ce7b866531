import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const CLI = ["--import", "tsx", "shared/cli/main.ts"];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the command line as a user would; resolves with the exit code instead of throwing. */
export function gatewarden(...args: string[]): Promise<CliResult> {
  return gatewardenWithEnv({}, ...args);
}

/** As `gatewarden`, with `env` added to this process's environment. */
export async function gatewardenWithEnv(
  env: Record<string, string>,
  ...args: string[]
): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [...CLI, ...args], {
      env: { ...process.env, ...env },
      maxBuffer: 1 << 24,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
