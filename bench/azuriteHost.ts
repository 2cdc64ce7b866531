/**
 * An embedded Azurite in a process of its own, so that a benchmark's RSS is the evaluator's and
 * not the emulator's, as in Azure where Table Storage is remote. Sends its connection string,
 * and on "stop" its own peak RSS, then exits. Started by `startAzuriteProcess`.
 */
import { startEmbeddedAzurite } from "../shared/stores/embeddedAzurite.js";
import { maxRssMb } from "./memoryWatch.js";

const azurite = await startEmbeddedAzurite();
process.on("message", (message) => {
  if (message !== "stop") return;
  void azurite.stop().then(() => process.send?.({ maxRssMb: maxRssMb() }, () => process.exit(0)));
});
process.on("disconnect", () => process.exit(0));
process.send?.({ connectionString: azurite.connectionString });
