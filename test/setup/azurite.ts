import type { TestProject } from "vitest/node";
import { startEmbeddedAzurite } from "../../shared/stores/embeddedAzurite.js";

declare module "vitest" {
  export interface ProvidedContext {
    azuriteConnectionString: string;
  }
}

/**
 * One Azurite for the whole run, on a free port. When CI already started one, AZURITE_TABLE_PORT
 * points at it and the tests use that instead.
 */
export default async function setup(project: TestProject) {
  const externalPort = process.env.AZURITE_TABLE_PORT;
  if (externalPort) {
    const { azuriteConnectionString } = await import("../../shared/stores/embeddedAzurite.js");
    project.provide("azuriteConnectionString", azuriteConnectionString(Number(externalPort)));
    return;
  }
  const azurite = await startEmbeddedAzurite();
  project.provide("azuriteConnectionString", azurite.connectionString);
  return async () => {
    await azurite.stop();
  };
}
