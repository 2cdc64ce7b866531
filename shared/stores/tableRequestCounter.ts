import type { PipelinePolicy } from "@azure/core-rest-pipeline";

/**
 * Counts the HTTP requests the Table clients send, as Azure bills them (a batch of up to 100
 * entities is one transaction). Used for the replay summary and the benchmarks.
 */
export class TableRequestCounter {
  requests = 0;

  readonly policy: PipelinePolicy = {
    name: "gatewardenTableRequestCounter",
    sendRequest: async (request, next) => {
      this.requests += 1;
      return next(request);
    },
  };
}
