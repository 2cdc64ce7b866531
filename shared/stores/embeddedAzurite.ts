import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";

const require = createRequire(import.meta.url);

/** Azurite's well-known development account; it only ever opens the local emulator. */
const DEV_ACCOUNT = "devstoreaccount1";
const DEV_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

/**
 * How long the server keeps an idle connection. Azurite's default of 5 s races the SDK's agent,
 * which keeps idle sockets open without a limit: a request sent on a socket the server is just
 * closing fails with EPIPE, and the SDK does not retry EPIPE. Under load that failed tests.
 */
const KEEP_ALIVE_SECONDS = 600;

interface AzuriteTableServer {
  start(): Promise<void>;
  close(): Promise<void>;
  httpServer: { address(): AddressInfo | string | null };
}

export interface EmbeddedAzurite {
  /** Connection string for `@azure/data-tables` clients. */
  connectionString: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts Azurite's Table service inside this process with in-memory persistence on a free
 * loopback port. Nothing is written to disk, so every start begins empty.
 */
export async function startEmbeddedAzurite(port = 0): Promise<EmbeddedAzurite> {
  // Azurite ships CommonJS without an exports map; its package entry pulls in a VS Code
  // extension, so the table server is loaded by path.
  const TableServer = require("azurite/dist/src/table/TableServer.js").default;
  const TableConfiguration = require("azurite/dist/src/table/TableConfiguration.js").default;
  const configuration = new TableConfiguration(
    "127.0.0.1",
    port,
    KEEP_ALIVE_SECONDS,
    ":memory:",
    false, // debug log
    false, // access log
    undefined,
    undefined,
    false, // loose mode
    true, // skip API version check: the SDK may be newer than the emulator
    "",
    "",
    "",
    undefined,
    false,
    true, // in-memory persistence
  );
  const server: AzuriteTableServer = new TableServer(configuration);
  await server.start();

  const address = server.httpServer.address();
  if (!address || typeof address === "string") {
    await server.close();
    throw new Error("embedded Azurite did not report a TCP port");
  }
  return {
    port: address.port,
    connectionString: azuriteConnectionString(address.port),
    stop: () => server.close(),
  };
}

export function azuriteConnectionString(port: number, host = "127.0.0.1"): string {
  return [
    "DefaultEndpointsProtocol=http",
    `AccountName=${DEV_ACCOUNT}`,
    `AccountKey=${DEV_KEY}`,
    `TableEndpoint=http://${host}:${port}/${DEV_ACCOUNT}`,
  ].join(";");
}
