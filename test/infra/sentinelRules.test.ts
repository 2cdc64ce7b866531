import { describe, expect, it } from "vitest";
import { DETECTIONS } from "../../shared/alerts/alertCatalog.js";
import { readRepoFile } from "./bicepSource.js";
import { sentinelRuleQuery, sentinelRules } from "./kqlSources.js";
import { analyzeKql, databaseOf } from "./kustoAnalyzer.js";
import { ALERT_TABLE } from "./logAnalyticsTables.js";

/** Tactic names as Sentinel's API spells them, for the catalog's MITRE tactic names. */
function sentinelTacticOf(tactic: string): string {
  return tactic.replace(/(^|[\s-])(\w)/g, (_, __, letter: string) => letter.toUpperCase());
}

const SENTINEL_TACTICS = ["Discovery", "Execution", "Impact", "InitialAccess", "PreAttack"];
const SEVERITY_ORDER = ["Informational", "Low", "Medium", "High"];

const rules = sentinelRules();
const catalog = [...DETECTIONS.values()];
const sentinelModule = readRepoFile("infra/modules/sentinel.bicep");

function catalogEntriesOf(alertTypes: readonly string[]) {
  return catalog.filter((info) => alertTypes.includes(info.alertType));
}

describe("Sentinel analytics rules", () => {
  it("cover every alert type of the catalog, each in exactly one rule", () => {
    const ruled = rules.flatMap((rule) => rule.alertTypes).sort();
    const catalogTypes = [...new Set(catalog.map((info) => info.alertType))].sort();

    expect(ruled).toEqual(catalogTypes);
  });

  it("declare the Sentinel names of exactly the tactics of their alert types", () => {
    for (const rule of rules) {
      const tactics = new Set(
        catalogEntriesOf(rule.alertTypes).map((info) => sentinelTacticOf(info.tactics)),
      );

      expect([...rule.tactics].sort(), rule.key).toEqual([...tactics].sort());
    }
    expect(
      catalog
        .map((info) => sentinelTacticOf(info.tactics))
        .filter((tactic) => !SENTINEL_TACTICS.includes(tactic)),
    ).toEqual([]);
  });

  it("default to the highest severity among their alert types", () => {
    for (const rule of rules) {
      const ranks = catalogEntriesOf(rule.alertTypes).map((info) =>
        SEVERITY_ORDER.indexOf(info.severity),
      );

      expect(rule.severity, rule.key).toBe(SEVERITY_ORDER[Math.max(...ranks)]);
    }
  });

  it("turn each catalog tactic into the Sentinel name in the query's SentinelTactic column", () => {
    const query = readRepoFile("infra/sentinel/alertRows.kql");
    const renamed = catalog
      .map((info) => info.tactics)
      .filter((tactic) => sentinelTacticOf(tactic) !== tactic);

    for (const tactic of new Set(renamed)) {
      expect(query).toContain(`Tactics == "${tactic}", "${sentinelTacticOf(tactic)}"`);
    }
  });

  it("return every column that entity mappings, custom details and alert overrides name", () => {
    const customDetails = /customDetails: \{([^}]*)\}/.exec(sentinelModule)?.[1] ?? "";
    const named = [
      ...[...sentinelModule.matchAll(/(?:columnName|ColumnName):\s*'(\w+)'/g)].map(
        (match) => match[1]!,
      ),
      ...[...customDetails.matchAll(/:\s*'(\w+)'/g)].map((match) => match[1]!),
      ...[...sentinelModule.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]!),
    ];
    const database = databaseOf([ALERT_TABLE]);

    expect(named).toEqual(
      expect.arrayContaining([
        "ClientIp",
        "Endpoint",
        "ResourceId",
        "ObservedValue",
        "BaselineValue",
        "Score",
        "AlertName",
        "Description",
        "Severity",
        "SentinelTactic",
      ]),
    );
    for (const rule of rules) {
      const { resultColumns } = analyzeKql(sentinelRuleQuery(rule), database);

      expect(
        named.filter((column) => !resultColumns.includes(column)),
        rule.key,
      ).toEqual([]);
    }
  });

  it("look back as often as they run, and raise one alert per AlertId", () => {
    const query = readRepoFile("infra/sentinel/alertRows.kql");

    expect(sentinelModule).toContain("queryFrequency: 'PT10M'");
    expect(query).toContain("let runInterval = 10m;");
    expect(query).toContain("| summarize arg_max(TimeGenerated, *) by AlertId");
    expect(sentinelModule).toContain("aggregationKind: 'AlertPerResult'");
    expect(sentinelModule).toContain("dependsOn: [onboarding]");
  });
});
