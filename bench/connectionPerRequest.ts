import { Agent } from "node:http";

/**
 * An HTTP agent that opens a connection per request. Azurite closes a keep-alive connection
 * after 5 idle seconds, and the Table client does not retry EPIPE, so a process that computes
 * for longer than that between two requests has its next request fail on the dead socket. On
 * loopback a fresh connection costs well under a millisecond.
 */
export function connectionPerRequest(): Agent {
  return new Agent({ keepAlive: false });
}
