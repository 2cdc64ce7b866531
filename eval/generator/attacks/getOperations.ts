import { OPERATIONS, type OperationSpec } from "../apiCatalog.js";

/** The read-only operations, for attackers who browse rather than write. */
export const GET_OPERATIONS: readonly OperationSpec[] = OPERATIONS.filter(
  (operation) => operation.method === "GET",
);
