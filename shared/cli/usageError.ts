/**
 * A command line that cannot run as given: a missing path, a bad option value, options that
 * conflict. The message names the option or path and what is wrong; the process exits with 2.
 */
export class UsageError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "UsageError";
  }
}
