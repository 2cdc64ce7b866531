import { createRequire } from "node:module";

/** A table the analyser resolves names against: column names with Kusto scalar types. */
export interface TableSchema {
  name: string;
  columns: readonly { name: string; type: string }[];
}

export interface KqlDiagnostic {
  code: string;
  message: string;
  /** Offset of the problem in the query text. */
  start: number;
}

export interface KqlAnalysis {
  errors: KqlDiagnostic[];
  /** Columns of the query's tabular result, in order; empty when the result is not a table. */
  resultColumns: string[];
}

// The few members of the Bridge.NET build of Kusto.Language that these tests use. The package
// ships typings for the whole library as global namespaces; declaring only what is used keeps
// them out of the project's compilation.
interface BridgeList<T> {
  Count: number;
  getItem(index: number): T;
}

interface KustoLanguage {
  GlobalState: { Default: { WithDatabase(database: unknown): unknown } };
  KustoCode: {
    ParseAndAnalyze(
      text: string,
      globals: unknown,
    ): {
      GetDiagnostics(): BridgeList<{
        Code: string;
        Severity: string;
        Message: string;
        Start: number;
      }>;
      ResultType: { Columns?: BridgeList<{ Name: string }> } | null;
    };
  };
  Symbols: {
    TableSymbol: {
      $ctor7: new (name: string, schema: string, description: string | null) => unknown;
    };
    DatabaseSymbol: {
      $ctor2: new (name: string, alternateName: string | null, members: unknown[]) => unknown;
    };
  };
}

let language: KustoLanguage | undefined;

/**
 * The package is a script for browsers (Bridge.NET output), not a module: loading it defines the
 * globals `Bridge` and `Kusto`. It is loaded once per test worker, which takes about half a second.
 */
function kustoLanguage(): KustoLanguage {
  if (!language) {
    const require = createRequire(import.meta.url);
    require("@kusto/language-service-next/bridge.js");
    require("@kusto/language-service-next/Kusto.Language.Bridge.js");
    language = (globalThis as unknown as { Kusto: { Language: KustoLanguage } }).Kusto.Language;
  }
  return language;
}

/** Kusto spells the boolean type `bool`; Log Analytics table schemas spell it `boolean`. */
function kustoTypeOf(columnType: string): string {
  return columnType === "boolean" ? "bool" : columnType;
}

/** Global state with one database holding `tables`, for `analyzeKql`. */
export function databaseOf(tables: readonly TableSchema[]): unknown {
  const kusto = kustoLanguage();
  const symbols = tables.map((table) => {
    const schema = table.columns.map((column) => `${column.name}:${kustoTypeOf(column.type)}`);
    return new kusto.Symbols.TableSymbol.$ctor7(table.name, `(${schema.join(", ")})`, null);
  });
  const database = new kusto.Symbols.DatabaseSymbol.$ctor2("workspace", null, symbols);
  return kusto.GlobalState.Default.WithDatabase(database);
}

/** Parses and analyses (binds names in) one query against a database from `databaseOf`. */
export function analyzeKql(query: string, database: unknown): KqlAnalysis {
  const code = kustoLanguage().KustoCode.ParseAndAnalyze(query, database);
  const diagnostics = code.GetDiagnostics();
  const errors: KqlDiagnostic[] = [];
  for (let index = 0; index < diagnostics.Count; index++) {
    const diagnostic = diagnostics.getItem(index);
    if (diagnostic.Severity === "Error") {
      errors.push({ code: diagnostic.Code, message: diagnostic.Message, start: diagnostic.Start });
    }
  }
  const columns = code.ResultType?.Columns;
  const resultColumns: string[] = [];
  for (let index = 0; index < (columns?.Count ?? 0); index++) {
    resultColumns.push(columns!.getItem(index).Name);
  }
  return { errors, resultColumns };
}
