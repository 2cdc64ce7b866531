import { RestError } from "@azure/core-rest-pipeline";

export function isNotFound(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 404;
}

export function isConflict(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 409;
}

/** An ETag mismatch: another writer changed the entity since it was read. */
export function isPreconditionFailed(error: unknown): boolean {
  return error instanceof RestError && error.statusCode === 412;
}

/** A conditional write refused: the entity changed since it was read (412) or now exists (409). */
export function isWriteConflict(error: unknown): boolean {
  return isPreconditionFailed(error) || isConflict(error);
}
