import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { SETTING_NAMES } from "../../shared/config/settings.js";
import {
  REPO_ROOT,
  blockOf,
  endOfBlock,
  filesUnder,
  readInfraBicep,
  readRepoFile,
  resourcesOf,
  type ResourceDeclaration,
} from "./bicepSource.js";

// No Bicep compiler runs here (none is published to npm); these checks read the .bicep text.
// `az bicep build` in CI, where the Azure CLI exists, catches what text checks cannot.

/** The one API version each resource type is deployed with; a new type or version is a review. */
const ALLOWED_API_VERSIONS: Record<string, string> = {
  "Microsoft.ApiManagement/service": "2024-05-01",
  "Microsoft.ApiManagement/service/loggers": "2024-05-01",
  "Microsoft.ApiManagement/service/diagnostics": "2024-05-01",
  "Microsoft.Insights/diagnosticSettings": "2021-05-01-preview",
  "Microsoft.EventHub/namespaces": "2024-01-01",
  "Microsoft.EventHub/namespaces/eventhubs": "2024-01-01",
  "Microsoft.EventHub/namespaces/eventhubs/consumergroups": "2024-01-01",
  "Microsoft.EventHub/namespaces/authorizationRules": "2024-01-01",
  "Microsoft.Storage/storageAccounts": "2023-05-01",
  "Microsoft.Storage/storageAccounts/blobServices": "2023-05-01",
  "Microsoft.Storage/storageAccounts/blobServices/containers": "2023-05-01",
  "Microsoft.Web/serverfarms": "2024-04-01",
  "Microsoft.Web/sites": "2024-04-01",
  "Microsoft.Insights/components": "2020-02-02",
  "Microsoft.OperationalInsights/workspaces": "2023-09-01",
  "Microsoft.OperationalInsights/workspaces/tables": "2023-09-01",
  "Microsoft.Insights/dataCollectionRules": "2024-03-11",
  "Microsoft.Authorization/roleAssignments": "2022-04-01",
  "Microsoft.SecurityInsights/onboardingStates": "2024-03-01",
  "Microsoft.SecurityInsights/alertRules": "2024-03-01",
  "Microsoft.Insights/workbooks": "2023-06-01",
};

/** Built-in role definition ids, from the Azure built-in roles reference. */
const BUILT_IN_ROLES: Record<string, string> = {
  eventHubsDataReceiver: "a638d3c7-ab3a-418d-83e6-5f17a39d4fde",
  storageBlobDataOwner: "b7e6dc6d-f1e8-4753-8033-0f276bb0955b",
  storageTableDataContributor: "0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3",
  monitoringMetricsPublisher: "3913510d-42f4-4e42-8a64-420c390055eb",
};

const files = readInfraBicep();
const resources = files.flatMap(resourcesOf);
const deployed = resources.filter((resource) => !resource.existing);

/** The one deployed resource of `type`; throws when there are none or several. */
function only(type: string): ResourceDeclaration {
  const matches = deployed.filter((resource) => resource.type === type);
  if (matches.length !== 1) {
    const found = matches.map((resource) => `${resource.file}:${resource.symbol}`);
    throw new Error(`expected one ${type} resource, got ${JSON.stringify(found)}`);
  }
  return matches[0]!;
}

function fileCode(path: string): string {
  const file = files.find((candidate) => candidate.path === path);
  if (!file)
    throw new Error(`no Bicep file ${path}; have ${files.map((each) => each.path).join(", ")}`);
  return file.code;
}

/** The `{ … }` of `module <symbol> '…' = …` in a Bicep file. */
function moduleBlock(path: string, symbol: string): string {
  const code = fileCode(path);
  const header = new RegExp(`^module ${symbol} '[^']+' =`, "m").exec(code);
  if (!header) throw new Error(`no module ${symbol} in ${path}`);
  const start = code.indexOf("{", header.index);
  return code.slice(start, endOfBlock(code, start));
}

/** Setting names the trigger bindings in functions/ resolve: `%NAME%` and `connection: "X"`. */
function bindingSettingNames(): string[] {
  const names = new Set<string>();
  for (const path of filesUnder(join(REPO_ROOT, "functions"), ".ts")) {
    const source = readRepoFile(path);
    for (const match of source.matchAll(/"%([A-Za-z0-9_]+)%"/g)) names.add(match[1]!);
    for (const match of source.matchAll(/connection:\s*"([A-Za-z0-9_]+)"/g)) {
      names.add(`${match[1]}__fullyQualifiedNamespace`);
    }
  }
  return [...names].sort();
}

describe("infra Bicep files", () => {
  it("pins every resource to the API version allowed for its type", () => {
    const unexpected = resources
      .filter((resource) => ALLOWED_API_VERSIONS[resource.type] !== resource.apiVersion)
      .map(
        (resource) =>
          `${resource.file}: ${resource.symbol} '${resource.type}@${resource.apiVersion}'`,
      );

    expect(resources.length).toBeGreaterThan(20);
    expect(unexpected).toEqual([]);
  });

  it("finds every file that loadTextContent and loadJsonContent name", () => {
    const missing = files.flatMap((file) =>
      [...file.code.matchAll(/load(?:Text|Json)Content\('([^']+)'\)/g)]
        .map((match) => join(dirname(join(REPO_ROOT, file.path)), match[1]!))
        .filter((path) => !existsSync(path)),
    );

    expect(missing).toEqual([]);
  });

  it("reads no keys anywhere and outputs no key, secret or connection string", () => {
    const keyCalls = files.filter((file) => /\blist\w*\(|\.list\w*\(/.test(file.code));
    const outputs = files.flatMap((file) =>
      [...file.code.matchAll(/^output\s+(\w+)\s+\w+\s*=\s*(.+)$/gm)].map(
        (match) => `${file.path}: ${match[0]}`,
      ),
    );
    const secretLooking = outputs.filter((line) =>
      /key|secret|password|connectionstring|sas|token/i.test(line),
    );

    expect(keyCalls.map((file) => file.path)).toEqual([]);
    expect(outputs.length).toBeGreaterThan(5);
    expect(secretLooking).toEqual([]);
  });
});

describe("role assignments", () => {
  const assignments = deployed.filter(
    (resource) => resource.type === "Microsoft.Authorization/roleAssignments",
  );

  it("grant only the documented built-in roles, each on the narrowest resource", () => {
    const roleIds = blockOf(fileCode("infra/modules/appRoleAssignments.bicep"), "roleIds")!;
    const granted = assignments.map((assignment) => {
      const role = /roleDefinitions',\s*roleIds\.(\w+)\s*\)/.exec(assignment.body)?.[1];
      const scope = /\bscope:\s*(\w+)/.exec(assignment.body)?.[1];
      return `${role} on ${scope}`;
    });

    for (const [role, id] of Object.entries(BUILT_IN_ROLES)) {
      expect(roleIds).toContain(`${role}: '${id}'`);
    }
    expect(granted.sort()).toEqual([
      "eventHubsDataReceiver on hub",
      "monitoringMetricsPublisher on appInsights",
      "monitoringMetricsPublisher on dataCollectionRule",
      "storageBlobDataOwner on storageAccount",
      "storageTableDataContributor on storageAccount",
    ]);
  });

  it("go to a service principal, under guid() names", () => {
    for (const assignment of assignments) {
      expect(assignment.body, assignment.symbol).toMatch(/\bname:\s*guid\(/);
      expect(assignment.body, assignment.symbol).toContain("principalType: 'ServicePrincipal'");
    }
  });
});

describe("the Function app", () => {
  const site = only("Microsoft.Web/sites");
  const appSettings = blockOf(site.body, "appSettings") ?? "";
  const settingNames = [...appSettings.matchAll(/\bname:\s*'([^']+)'/g)].map((match) => match[1]!);

  it("sets every setting that shared/config/settings.ts and the trigger bindings read", () => {
    const required = [
      ...SETTING_NAMES.filter((name) => name !== "GATEWARDEN_STORAGE_CONNECTION_STRING"),
      ...bindingSettingNames(),
      "AzureWebJobsStorage__accountName",
      "APPLICATIONINSIGHTS_CONNECTION_STRING",
      "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
    ];

    expect(bindingSettingNames()).toEqual([
      "EventHubConnection__fullyQualifiedNamespace",
      "GATEWARDEN_CONSUMER_GROUP",
      "GATEWARDEN_EVENT_HUB_NAME",
    ]);
    expect(required.filter((name) => !settingNames.includes(name))).toEqual([]);
  });

  it("sets no storage connection string, no shared-key host storage and no worker runtime", () => {
    // The account URL and the managed identity replace the connection string, and settings.ts
    // rejects both at once; Flex Consumption takes the runtime from functionAppConfig instead.
    expect(settingNames).not.toContain("GATEWARDEN_STORAGE_CONNECTION_STRING");
    expect(settingNames).not.toContain("AzureWebJobsStorage");
    expect(settingNames).not.toContain("FUNCTIONS_WORKER_RUNTIME");
    expect(new Set(settingNames).size).toBe(settingNames.length);
  });

  it("runs on Flex Consumption, fetches its package by identity, and is the one azd deploys to", () => {
    const plan = only("Microsoft.Web/serverfarms");
    const tagged = deployed.filter((resource) => resource.body.includes("azd-service-name"));

    expect(plan.body).toContain("name: 'FC1'");
    expect(site.body).toContain("type: 'SystemAssigned'");
    expect(blockOf(site.body, "runtime")).toContain("name: 'node'");
    expect(blockOf(site.body, "authentication")).toContain("type: 'SystemAssignedIdentity'");
    expect(tagged.map((resource) => resource.symbol)).toEqual(["site"]);
    expect(moduleBlock("infra/main.bicep", "functionApp")).toContain("azdServiceName: 'functions'");
  });

  it("limits the Node worker's heap to three eighths of the instance, as the soak runs", () => {
    const functionApp = readFileSync("infra/modules/functionApp.bicep", "utf8");
    const { scripts } = JSON.parse(readFileSync("package.json", "utf8")) as {
      scripts: Record<string, string>;
    };
    const soakScript = scripts["bench:soak"];

    expect(functionApp).toContain("var nodeHeapMB = instanceMemoryMB * 3 / 8");
    expect(appSettings).toContain(
      "{ name: 'languageWorkers__node__arguments', value: '--max-old-space-size=${nodeHeapMB}' }",
    );
    expect(soakScript).toContain(`--max-old-space-size=${(2048 * 3) / 8} `);
    expect(moduleBlock("infra/main.bicep", "functionApp")).toContain(
      "instanceMemoryMB: functionInstanceMemoryMB",
    );
  });

  it("writes booleans as the lower-case text that settings.ts accepts", () => {
    expect(appSettings).not.toMatch(/string\(trustForwardedFor\)/);
    expect(appSettings).toContain("trustForwardedFor ? 'true' : 'false'");
  });
});

describe("storage, Event Hubs and APIM logging", () => {
  it("turns shared-key access and anonymous blob access off on the storage account", () => {
    const account = only("Microsoft.Storage/storageAccounts");

    expect(account.body).toContain("allowSharedKeyAccess: false");
    expect(account.body).toContain("allowBlobPublicAccess: false");
    expect(account.body).toContain("minimumTlsVersion: 'TLS1_2'");
  });

  it("streams the GatewayLogs category to the hub through a namespace-level rule", () => {
    const setting = only("Microsoft.Insights/diagnosticSettings");
    const rule = only("Microsoft.EventHub/namespaces/authorizationRules");

    expect(setting.body).toMatch(/category:\s*'GatewayLogs'/);
    expect(setting.body).toContain("eventHubAuthorizationRuleId: eventHubAuthorizationRuleId");
    expect(setting.body).toContain("eventHubName: eventHubName");
    expect(rule.body).toContain("rights: ['Manage', 'Send', 'Listen']");
    expect(deployed.map((resource) => resource.type)).not.toContain(
      "Microsoft.EventHub/namespaces/eventhubs/authorizationRules",
    );
  });

  it("places the Event Hubs namespace in the APIM instance's region, on Standard", () => {
    const namespace = only("Microsoft.EventHub/namespaces");

    expect(moduleBlock("infra/main.bicep", "eventHubs")).toContain("location: apim.location");
    expect(namespace.body).toContain("name: 'Standard'");
  });

  it("logs User-Agent, X-Forwarded-For and the client IP of every request in the APIM diagnostic", () => {
    const diagnostic = only("Microsoft.ApiManagement/service/diagnostics");
    const logger = only("Microsoft.ApiManagement/service/loggers");
    const apimModule = fileCode("infra/modules/apimLogging.bicep");

    expect(logger.body).toContain("loggerType: 'azureMonitor'");
    expect(diagnostic.body).toContain("name: 'azuremonitor'");
    expect(diagnostic.body).toContain("logClientIp: true");
    expect(diagnostic.body).toMatch(/percentage:\s*100\b/);
    expect(apimModule).toContain("var loggedRequestHeaders = ['User-Agent', 'X-Forwarded-For']");
    expect(apimModule).toMatch(/@maxValue\(8192\)\s*param requestBodyBytes int/);
  });
});

describe("the alert table and data collection rule", () => {
  it("creates a direct-ingestion rule with the stream and table of alert-schema.json", () => {
    const rule = only("Microsoft.Insights/dataCollectionRules");
    const main = fileCode("infra/main.bicep");

    expect(rule.body).toContain("kind: 'Direct'");
    expect(rule.body).toContain("outputStream: 'Custom-${tableName}'");
    expect(rule.body).toMatch(
      /transformKql:\s*trim\(loadTextContent\('\.\.\/kql\/dcrTransform\.kql'\)\)/,
    );
    expect(main).toContain("var alertSchema = loadJsonContent('alert-schema.json')");
    expect(main).toMatch(/columns: alertSchema\.columns[\s\S]*columns: alertSchema\.columns/);
    expect(fileCode("infra/modules/dataCollectionRule.bicep")).toContain(
      "output logsIngestionEndpoint string = rule.properties.endpoints.logsIngestion",
    );
    expect(fileCode("infra/modules/dataCollectionRule.bicep")).toContain(
      "output immutableId string = rule.properties.immutableId",
    );
  });

  it("keeps no KQL inline: every query and transform comes from a file", () => {
    const inline = files.flatMap((file) =>
      [...file.code.matchAll(/\b(?:query|transformKql):\s*'.*$/gm)].map((match) => match[0]),
    );

    // The one inline query puts a rule's alert types in front of infra/sentinel/alertRows.kql.
    expect(inline).toEqual([
      "query: 'let familyAlertTypes = dynamic(${string(rule.alertTypes)});\\n${alertRowsQuery}'",
    ]);
    expect(fileCode("infra/modules/sentinel.bicep")).toContain(
      "var alertRowsQuery = loadTextContent('../sentinel/alertRows.kql')",
    );
  });
});

describe("main.parameters.json", () => {
  const main = fileCode("infra/main.bicep");
  const declared = [...main.matchAll(/^param\s+(\w+)\s+\w+(\s*=)?/gm)].map((match) => ({
    name: match[1]!,
    hasDefault: match[2] !== undefined,
  }));
  const parameters = JSON.parse(
    readFileSync(join(REPO_ROOT, "infra/main.parameters.json"), "utf8"),
  ) as {
    parameters: Record<string, { value: unknown }>;
  };

  it("passes values only to parameters that main.bicep declares", () => {
    const names = declared.map((param) => param.name);

    expect(Object.keys(parameters.parameters).filter((name) => !names.includes(name))).toEqual([]);
  });

  it("gives every parameter without a default a value from the azd environment", () => {
    const required = declared.filter((param) => !param.hasDefault).map((param) => param.name);

    expect(required.sort()).toEqual(["apimName", "environmentName"]);
    expect(parameters.parameters.environmentName?.value).toBe("${AZURE_ENV_NAME}");
    expect(parameters.parameters.location?.value).toBe("${AZURE_LOCATION}");
    expect(parameters.parameters.apimName?.value).toBe("${APIM_NAME}");
    expect(parameters.parameters.apimResourceGroupName?.value).toBe("${APIM_RESOURCE_GROUP}");
  });
});

describe("azure.yaml", () => {
  it("provisions infra/main.bicep and deploys the package as the functions service", () => {
    const azureYaml = readRepoFile("azure.yaml");

    expect(azureYaml).toMatch(/^infra:\n {2}provider: bicep\n {2}path: infra\n {2}module: main$/m);
    expect(azureYaml).toMatch(
      /^services:\n {2}functions:\n {4}project: \.\n {4}language: ts\n {4}host: function$/m,
    );
    expect(JSON.parse(readRepoFile("package.json")).main).toBe("dist/functions/index.js");
  });
});
