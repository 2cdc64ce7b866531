import { join } from "node:path";
import { INFRA_DIR, REPO_ROOT, filesUnder, readRepoFile } from "./bicepSource.js";

/** One KQL text kept in the repository, and where it comes from. */
export interface KqlSource {
  /** Where the query lives, e.g. `README.md#2` or `infra/workbook/…#topClients`. */
  name: string;
  query: string;
}

export interface SentinelRule {
  key: string;
  displayName: string;
  severity: string;
  tactics: string[];
  alertTypes: string[];
  groupByEntities: string[];
}

export const SENTINEL_RULES_PATH = "infra/sentinel/rules.json";
export const ALERT_ROWS_QUERY_PATH = "infra/sentinel/alertRows.kql";

export function sentinelRules(): SentinelRule[] {
  return JSON.parse(readRepoFile(SENTINEL_RULES_PATH)) as SentinelRule[];
}

/** A rule's query as infra/modules/sentinel.bicep builds it from alertRows.kql. */
export function sentinelRuleQuery(rule: SentinelRule): string {
  const prefix = `let familyAlertTypes = dynamic(${JSON.stringify(rule.alertTypes)});`;
  return `${prefix}\n${readRepoFile(ALERT_ROWS_QUERY_PATH)}`;
}

/** The .kql files under infra/, except the Sentinel template, which needs a rule's prefix. */
export function kqlFiles(): KqlSource[] {
  return filesUnder(INFRA_DIR, ".kql")
    .filter((path) => path !== ALERT_ROWS_QUERY_PATH)
    .map((path) => ({ name: path, query: readRepoFile(path) }));
}

export function sentinelRuleQueries(): KqlSource[] {
  return sentinelRules().map((rule) => ({
    name: `${SENTINEL_RULES_PATH}#${rule.key}`,
    query: sentinelRuleQuery(rule),
  }));
}

interface WorkbookItem {
  type: number;
  name: string;
  content: { query?: string };
}

/** The queries of the workbook's query items (type 3). */
export function workbookQueries(): KqlSource[] {
  const path = "infra/workbook/gatewarden.workbook.json";
  const workbook = JSON.parse(readRepoFile(path)) as { items: WorkbookItem[] };
  return workbook.items
    .filter((item) => item.type === 3)
    .map((item) => ({ name: `${path}#${item.name}`, query: item.content.query ?? "" }));
}

/** Fenced ```kusto blocks of README.md and docs/*.md. */
export function markdownQueries(): KqlSource[] {
  const paths = ["README.md", ...filesUnder(join(REPO_ROOT, "docs"), ".md")];
  return paths.flatMap((path) =>
    [...readRepoFile(path).matchAll(/^```kusto\n([\s\S]*?)^```$/gm)].map((match, index) => ({
      name: `${path}#${index + 1}`,
      query: match[1]!,
    })),
  );
}
