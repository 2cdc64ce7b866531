import { fileURLToPath } from "node:url";

/** `../shared/data` beside the repository, where CI and every developer machine put it. */
export const SHARED_DATA = fileURLToPath(new URL("../../../shared/data", import.meta.url));
