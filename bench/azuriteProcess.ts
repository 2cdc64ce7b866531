import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";

export interface AzuriteProcess {
  connectionString: string;
  /** Stops the emulator and resolves with the peak RSS of its process, MiB. */
  stop(): Promise<number>;
}

/** Starts `bench/azuriteHost.ts` and waits until its Table endpoint listens. */
export function startAzuriteProcess(): Promise<AzuriteProcess> {
  const child = fork(fileURLToPath(new URL("azuriteHost.ts", import.meta.url)), [], {
    execArgv: ["--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const stopped = new Promise<number>((resolve, reject) => {
    child.on("message", (message: { maxRssMb?: number }) => {
      if (message.maxRssMb !== undefined) resolve(message.maxRssMb);
    });
    child.on("exit", (code) => reject(new Error(`Azurite process exited with code ${code}`)));
  });
  stopped.catch(() => undefined);
  return new Promise((resolve, reject) => {
    child.once("message", (message: { connectionString?: string }) => {
      if (message.connectionString === undefined) return;
      resolve({
        connectionString: message.connectionString,
        stop: () => {
          child.send("stop");
          return stopped;
        },
      });
    });
    child.once("exit", (code) => reject(new Error(`Azurite process exited with code ${code}`)));
  });
}
