import type { ParameterSpec } from "./apiCatalog.js";
import type { DomainVocabulary } from "./domainVocabulary.js";
import { SeededRandom } from "./seededRandom.js";
import { WeightedTable, zipfWeights } from "./weightedTable.js";

/** What a parameter value may depend on besides the parameter itself. */
export interface ValueContext {
  random: SeededRandom;
  vocabulary: DomainVocabulary;
  seed: number;
  /** Stable id of the client; keys its own values (its account id, its orders). */
  clientKey: string;
  /** Whether the client reuses a few values of its own; servers and attackers draw freely. */
  ownsValues: boolean;
  requestMs: number;
}

const DAY_MS = 86_400_000;
const ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";
const PAGE_SIZES = new WeightedTable<string>([
  ["20", 5],
  ["10", 2],
  ["25", 1.5],
  ["50", 1.2],
  ["100", 0.8],
]);
const enumTables = new WeakMap<ParameterSpec, WeightedTable<string>>();

/**
 * Draws one value for `spec`, as text. Parameters with `perClient` give an interactive client one
 * of its own few values, derived from its key, so it reads the same account on every visit.
 */
export function drawParameterValue(spec: ParameterSpec, context: ValueContext): string {
  if (spec.perClient === undefined || !context.ownsValues) return drawFresh(spec, context);
  const slot = context.random.int(spec.perClient);
  const own = SeededRandom.stream(context.seed, `${context.clientKey}|${spec.name}|${slot}`);
  return drawFresh(spec, { ...context, random: own });
}

/** The JSON value of a body field: numbers and booleans unquoted, the rest as strings. */
export function toJsonValue(spec: ParameterSpec, text: string): string | number | boolean {
  if (spec.kind === "int" || spec.kind === "decimal") return Number(text);
  if (spec.kind === "boolean") return text === "true";
  return text;
}

function drawFresh(spec: ParameterSpec, context: ValueContext): string {
  const { random, vocabulary } = context;
  switch (spec.kind) {
    case "int":
      return String(random.between(spec.min ?? 1, spec.max ?? 1_000));
    case "decimal":
      return random.uniform(spec.min ?? 1, spec.max ?? 100).toFixed(2);
    case "uuid":
      return random.uuid();
    case "productId":
      return vocabulary.products.pick(random);
    case "trackingId":
      return `1Z${alphanumeric(random, 16)}`;
    case "invoiceId":
      return `INV${random.between(2023, 2024)}${alphanumeric(random, 7)}`;
    case "isoDate":
      return dayOffset(context, spec).toISOString().slice(0, 10);
    case "isoDateTime":
      return isoDateTime(context, spec);
    case "enum":
      return enumTable(spec).pick(random);
    case "searchText":
      return maybeTypo(random, vocabulary.searchTerms.pick(random), 0.04);
    case "searchPrefix":
      return searchPrefix(context);
    case "boolean":
      return random.chance(0.65) ? "true" : "false";
    case "page":
      return String(drawPage(random));
    case "pageSize":
      return PAGE_SIZES.pick(random);
    case "voucher":
      return maybeTypo(random, vocabulary.vouchers.pick(random), 0.05);
    case "handle":
      return `${random.pick(vocabulary.firstNames)}${random.between(1, 9_999)}`;
    case "version":
      return vocabulary.appVersions.pick(random);
    case "note":
      return random.pick(vocabulary.notes);
  }
}

function enumTable(spec: ParameterSpec): WeightedTable<string> {
  const cached = enumTables.get(spec);
  if (cached !== undefined) return cached;
  const values = spec.values ?? [];
  const weights = zipfWeights(values.length, 0.8);
  const table = new WeightedTable(values.map((value, rank) => [value, weights[rank] as number]));
  enumTables.set(spec, table);
  return table;
}

function dayOffset(context: ValueContext, spec: ParameterSpec): Date {
  const days = context.random.between(spec.min ?? -30, spec.max ?? 0);
  const dayStartMs = Math.floor(context.requestMs / DAY_MS) * DAY_MS;
  return new Date(dayStartMs + days * DAY_MS);
}

function isoDateTime(context: ValueContext, spec: ParameterSpec): string {
  const day = dayOffset(context, spec).getTime();
  const quarterHours = context.random.int(96);
  return new Date(day + quarterHours * 900_000).toISOString().replace(".000Z", "Z");
}

function searchPrefix(context: ValueContext): string {
  const term = context.vocabulary.searchTerms.pick(context.random);
  return term.slice(0, context.random.between(2, Math.min(term.length, 8))).trimEnd();
}

function drawPage(random: SeededRandom): number {
  if (random.chance(0.62)) return 1;
  let page = 2;
  while (page < 40 && random.chance(0.45)) page += 1;
  return page;
}

function alphanumeric(random: SeededRandom, length: number): string {
  let text = "";
  for (let index = 0; index < length; index += 1) text += ALPHANUMERIC.charAt(random.int(34));
  return text;
}

// People mistype: swapped letters add distinct values that no attacker sent.
function maybeTypo(random: SeededRandom, text: string, probability: number): string {
  if (text.length < 4 || !random.chance(probability)) return text;
  const at = random.between(1, text.length - 2);
  return text.slice(0, at) + text.charAt(at + 1) + text.charAt(at) + text.slice(at + 2);
}
