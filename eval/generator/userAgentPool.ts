import type { SeededRandom } from "./seededRandom.js";

/**
 * Real User-Agent strings by kind of client. Current browsers (written out below) make up most of
 * the traffic; the long tail comes from ua-parser's test corpus, so old, odd and in-app strings
 * appear as they do in real logs.
 */
export interface UserAgentPool {
  desktop: readonly string[];
  mobileBrowser: readonly string[];
  desktopTail: readonly string[];
  mobileTail: readonly string[];
  server: readonly string[];
}

const CURRENT_DESKTOP = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/121.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.0.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:123.0) Gecko/20100101 Firefox/123.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3.1 Safari/605.1.15",
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.3; rv:123.0) Gecko/20100101 Firefox/123.0",
];

const CURRENT_MOBILE = [
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (iPad; CPU OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 16_7_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 Safari/604.1",
];

const SERVER = [
  "okhttp/4.12.0",
  "okhttp/4.9.3",
  "Apache-HttpClient/4.5.14 (Java/17.0.10)",
  "Apache-HttpClient/5.3.1 (Java/21.0.2)",
  "python-requests/2.31.0",
  "python-requests/2.28.2",
  "azsdk-net-Core.Rest/1.38.0 (.NET 8.0.2; Microsoft Windows 10.0.20348)",
  "azsdk-js-core-rest-pipeline/1.14.0 Node/v20.11.1 OS/(x64-Linux-5.15.0-1057-azure)",
  "azsdk-python-core/1.30.1 Python/3.11.8 (Linux-5.15.0-1057-azure-x86_64-with-glibc2.35)",
  "Go-http-client/2.0",
  "axios/1.6.7",
  "Java/17.0.10",
];

// Families of ordinary browsers and in-app web views; bots, mail clients and libraries are left out.
const DESKTOP_FAMILIES = new Set([
  "Chrome",
  "Firefox",
  "Edge",
  "Safari",
  "Opera",
  "Brave",
  "Vivaldi",
  "Yandex Browser",
  "Whale",
]);
const MOBILE_FAMILIES = new Set([
  "Mobile Safari",
  "Chrome Mobile",
  "Chrome Mobile WebView",
  "Samsung Internet",
  "Mobile Safari UI/WKWebView",
  "Chrome Mobile iOS",
  "Firefox Mobile",
  "Firefox iOS",
  "Edge Mobile",
  "Opera Mobile",
  "UC Browser",
  "Instagram",
  "Pinterest",
  "Amazon Silk",
]);
const MOBILE_MARKERS = /Mobile|Android|iPhone|iPad|iPod/;
const TEST_CASE = /^\s*- user_agent_string: (.*)\n\s*family: (.*)$/gm;

/** Builds the pool from the text of ua-parser's `test_ua.yaml`. */
export function buildUserAgentPool(uaParserTestCases: string): UserAgentPool {
  const desktopTail: string[] = [];
  const mobileTail: string[] = [];
  for (const match of uaParserTestCases.matchAll(TEST_CASE)) {
    const userAgent = unquoteYaml(match[1] as string);
    const family = unquoteYaml(match[2] as string);
    if (!userAgent.startsWith("Mozilla/5.0 (")) continue;
    if (MOBILE_FAMILIES.has(family) && MOBILE_MARKERS.test(userAgent)) mobileTail.push(userAgent);
    else if (DESKTOP_FAMILIES.has(family) && !MOBILE_MARKERS.test(userAgent)) {
      desktopTail.push(userAgent);
    }
  }
  return {
    desktop: CURRENT_DESKTOP,
    mobileBrowser: CURRENT_MOBILE,
    desktopTail,
    mobileTail,
    server: SERVER,
  };
}

/** A browser's UA: mostly a current one, sometimes one from the long tail. */
export function drawBrowserUserAgent(
  pool: UserAgentPool,
  random: SeededRandom,
  mobile: boolean,
): string {
  const [current, tail] = mobile
    ? [pool.mobileBrowser, pool.mobileTail]
    : [pool.desktop, pool.desktopTail];
  if (tail.length > 0 && random.chance(0.15)) return random.pick(tail);
  return random.pick(current);
}

/** The shop's own native app, which names itself and its version. */
export function nativeAppUserAgent(random: SeededRandom, appVersion: string): string {
  if (random.chance(0.55)) {
    const ios = random.pick(["17.3.1", "17.2.1", "16.7.5", "17.4"]);
    return `ContosoShop/${appVersion} (iPhone; iOS ${ios}; Scale/3.00)`;
  }
  const device = random.pick(["SM-S918B", "Pixel 8", "SM-A546B", "2201116SG", "CPH2451"]);
  const android = random.pick(["14", "13", "12"]);
  return `ContosoShop/${appVersion} (Android ${android}; ${device}) okhttp/4.12.0`;
}

function unquoteYaml(text: string): string {
  const trimmed = text.trim();
  if (trimmed.startsWith("'") && trimmed.endsWith("'"))
    return trimmed.slice(1, -1).replaceAll("''", "'");
  if (trimmed.startsWith('"') && trimmed.endsWith('"')) return JSON.parse(trimmed) as string;
  return trimmed;
}
