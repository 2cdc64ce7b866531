import type { OperationSpec, ParameterSpec } from "./apiCatalog.js";
import type { DomainVocabulary } from "./domainVocabulary.js";
import type { ClientIdentity, GeneratedRequest, RequestOrigin } from "./generatedRequest.js";
import { drawParameterValue, toJsonValue, type ValueContext } from "./parameterValue.js";
import type { SeededRandom } from "./seededRandom.js";
import { statusShape } from "./statusShape.js";
import { TICKS_PER_MS } from "./ticks.js";
import type { TrafficConditions } from "./trafficConditions.js";
import { WeightedTable } from "./weightedTable.js";

/** What every composed request shares: the seed, the vocabulary, the scenarios in force. */
export interface Composer {
  seed: number;
  startMs: number;
  vocabulary: DomainVocabulary;
  conditions: TrafficConditions;
}

/** Overrides an injector or scenario sets; anything absent is drawn as for ordinary traffic. */
export interface RequestShape {
  statusCode?: number;
  /** Query parameters set after the drawn ones; a drawn parameter of the same name is replaced. */
  query?: Readonly<Record<string, string>>;
  /** Drawn query parameters to leave out. */
  omitQuery?: readonly string[];
  pathValues?: Readonly<Record<string, string>>;
  body?: string;
  requestBytes?: number;
  responseBytes?: number;
  latencyMs?: number;
}

/** APIM logs at most this many request body bytes (the diagnostic's body.bytes maximum). */
export const MAX_LOGGED_BODY_BYTES = 8_192;

const statusTables = new WeakMap<OperationSpec, WeightedTable<number>>();

/** Composes one call of `operation` by `client` at `tick`, drawing what `shape` leaves open. */
export function composeRequest(
  composer: Composer,
  random: SeededRandom,
  operation: OperationSpec,
  client: ClientIdentity,
  tick: number,
  origin: RequestOrigin,
  shape: RequestShape = {},
): GeneratedRequest {
  const values = valueContext(composer, random, client, tick);
  const path = fillPath(operation, values, shape);
  const query = composeQuery(composer, operation, values, tick, shape);
  const body = shape.body ?? composeBody(operation, values);
  const statusCode = shape.statusCode ?? statusTable(operation).pick(random);
  const timing = drawTiming(composer, random, operation, statusCode, tick, shape);
  const responseShape = statusShape(operation, statusCode);
  const responseBytes =
    shape.responseBytes ??
    Math.round(
      random.logNormal(responseShape.responseBytesMedian, responseShape.responseBytesSigma),
    );
  const requestBytes =
    shape.requestBytes ??
    headerBytes(random, client) + path.length + query.length + bodyLength(body);
  const request: GeneratedRequest = {
    tick,
    client,
    apiId: operation.apiId,
    operationId: operation.operationId,
    method: operation.method,
    path,
    query,
    statusCode,
    requestBytes,
    responseBytes,
    latencyMs: timing.latencyMs,
    backendMs: timing.backendMs,
    clientMs: timing.clientMs,
    body: body === undefined ? undefined : body.slice(0, MAX_LOGGED_BODY_BYTES),
    correlationId: random.uuid(),
    origin,
  };
  return request;
}

/** Bytes of request line and headers: the client's median with a little per-call spread. */
export function headerBytes(random: SeededRandom, client: ClientIdentity): number {
  return Math.round(client.headerBytes * Math.exp(0.08 * random.normal()));
}

function valueContext(
  composer: Composer,
  random: SeededRandom,
  client: ClientIdentity,
  tick: number,
): ValueContext {
  return {
    random,
    vocabulary: composer.vocabulary,
    seed: composer.seed,
    clientKey: client.key,
    ownsValues: client.kind === "browser" || client.kind === "mobile",
    requestMs: composer.startMs + tick / TICKS_PER_MS,
  };
}

function fillPath(operation: OperationSpec, values: ValueContext, shape: RequestShape): string {
  let path = operation.path;
  for (const spec of operation.pathParams) {
    const value = shape.pathValues?.[spec.name] ?? drawParameterValue(spec, values);
    path = path.replace(`{${spec.name}}`, encodeURIComponent(value));
  }
  return path;
}

function composeQuery(
  composer: Composer,
  operation: OperationSpec,
  values: ValueContext,
  tick: number,
  shape: RequestShape,
): string {
  const pairs = new Map<string, string>();
  for (const spec of operation.query) {
    if (shape.omitQuery?.includes(spec.name)) continue;
    if (values.random.chance(spec.presence ?? 1))
      pairs.set(spec.name, drawParameterValue(spec, values));
  }
  const added = composer.conditions.addedParameter(operation, tick);
  if (added !== undefined) pairs.set(added.name, values.random.pick(added.values));
  for (const [name, value] of Object.entries(shape.query ?? {})) pairs.set(name, value);
  return [...pairs]
    .map(([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`)
    .join("&");
}

function composeBody(operation: OperationSpec, values: ValueContext): string | undefined {
  if (operation.body.length === 0) return undefined;
  const fields: Record<string, string | number | boolean> = {};
  for (const spec of operation.body) {
    if (values.random.chance(spec.presence ?? 1)) fields[spec.name] = bodyValue(spec, values);
  }
  return JSON.stringify(fields);
}

function bodyValue(spec: ParameterSpec, values: ValueContext): string | number | boolean {
  return toJsonValue(spec, drawParameterValue(spec, values));
}

function bodyLength(body: string | undefined): number {
  return body === undefined ? 0 : Buffer.byteLength(body);
}

function drawTiming(
  composer: Composer,
  random: SeededRandom,
  operation: OperationSpec,
  statusCode: number,
  tick: number,
  shape: RequestShape,
): Pick<GeneratedRequest, "latencyMs" | "backendMs" | "clientMs"> {
  const response = statusShape(operation, statusCode);
  const slowdown = composer.conditions.latencyFactor(operation.apiId, tick);
  const drawn = random.logNormal(response.latencyMsMedian, response.latencyMsSigma) * slowdown;
  const latencyMs = Math.max(1, Math.round(shape.latencyMs ?? drawn));
  const clientMs = Math.round(latencyMs * random.uniform(0.01, 0.08));
  if (!response.reachesBackend) return { latencyMs, backendMs: undefined, clientMs };
  const gatewayMs = Math.min(latencyMs - clientMs, random.between(0, 2));
  return { latencyMs, backendMs: latencyMs - clientMs - gatewayMs, clientMs };
}

function statusTable(operation: OperationSpec): WeightedTable<number> {
  const cached = statusTables.get(operation);
  if (cached !== undefined) return cached;
  const entries = Object.entries(operation.statuses).map(
    ([status, weight]) => [Number(status), weight] as const,
  );
  const table = new WeightedTable(entries);
  statusTables.set(operation, table);
  return table;
}
