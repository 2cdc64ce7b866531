import { describe, expect, it } from "vitest";
import { analyzeKql, databaseOf } from "./kustoAnalyzer.js";
import {
  kqlFiles,
  markdownQueries,
  sentinelRuleQueries,
  workbookQueries,
  type KqlSource,
} from "./kqlSources.js";
import { ALERT_TABLE, DCR_SOURCE, GATEWAY_LOGS_TABLE } from "./logAnalyticsTables.js";

// Analysis binds names as well as parsing: an unknown column, table or function is an error.
const workspace = databaseOf([ALERT_TABLE, GATEWAY_LOGS_TABLE]);
const dcrTransform = databaseOf([DCR_SOURCE]);

function errorsOf(source: KqlSource, database: unknown): string[] {
  return analyzeKql(source.query, database).errors.map((error) => {
    const line = source.query.slice(0, error.start).split("\n").length;
    return `${source.name} line ${line}: ${error.code} ${error.message}`;
  });
}

describe("the KQL analyser", () => {
  it("reports a column the table does not have", () => {
    const source = { name: "probe", query: "GatewardenAlerts_CL | where NoSuchColumn > 1" };

    expect(errorsOf(source, workspace)).toEqual([
      "probe line 1: KS142 The name 'NoSuchColumn' does not refer to any known column, table, variable or function.",
    ]);
  });

  it("finds KQL in every place the repository keeps it", () => {
    const documented = markdownQueries().map((source) => source.name);

    expect(kqlFiles().map((source) => source.name)).toEqual(["infra/kql/dcrTransform.kql"]);
    expect(sentinelRuleQueries()).toHaveLength(3);
    expect(workbookQueries().length).toBeGreaterThanOrEqual(4);
    expect(documented.some((name) => name.startsWith("README.md#"))).toBe(true);
    expect(documented.some((name) => name.startsWith("docs/deploy.md#"))).toBe(true);
  });
});

describe("KQL in the repository", () => {
  it.each(kqlFiles().map((source) => [source.name, source]))(
    "%s analyses as a DCR transform without errors",
    (_, source) => {
      expect(errorsOf(source, dcrTransform)).toEqual([]);
    },
  );

  it.each(sentinelRuleQueries().map((source) => [source.name, source]))(
    "%s (the Sentinel rule query) analyses without errors",
    (_, source) => {
      expect(errorsOf(source, workspace)).toEqual([]);
    },
  );

  it.each(workbookQueries().map((source) => [source.name, source]))(
    "%s (a workbook query) analyses without errors",
    (_, source) => {
      expect(errorsOf(source, workspace)).toEqual([]);
    },
  );

  it.each(markdownQueries().map((source) => [source.name, source]))(
    "%s (a documented query) analyses without errors",
    (_, source) => {
      expect(errorsOf(source, workspace)).toEqual([]);
    },
  );
});
