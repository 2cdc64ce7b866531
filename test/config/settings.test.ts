import { describe, expect, it } from "vitest";
import { loadSettings } from "../../shared/config/settings.js";

describe("loadSettings", () => {
  it("applies documented defaults and freezes the result", () => {
    const settings = loadSettings({});

    expect(settings.allowedLatenessMinutes).toBe(5);
    expect(settings.baselineShards).toBe(16);
    expect(settings.storage).toBeNull();
    expect(settings.threatIntel.torExitListSources).toEqual([
      "https://check.torproject.org/torbulkexitlist",
    ]);
    expect(settings.detection.populationSpike.sensitivity).toBe(6);
    expect(Object.isFrozen(settings.detection.populationSpike)).toBe(true);
  });

  it("names the setting, the value and the rule when a number is out of range", () => {
    expect(() => loadSettings({ GATEWARDEN_BASELINE_SHARDS: "0" })).toThrow(
      'GATEWARDEN_BASELINE_SHARDS: expected a whole number from 1 to 1024, got "0"',
    );
  });

  it("rejects a detector setting that does not exist, with its path", () => {
    expect(() =>
      loadSettings({ GATEWARDEN_DETECTION: '{"populationSpike":{"sensitivty":8}}' }),
    ).toThrow("GATEWARDEN_DETECTION: populationSpike: Unrecognized key");
  });

  it("accepts a per-API sensitivity and rejects one for a detector that cannot be tuned", () => {
    const settings = loadSettings({
      GATEWARDEN_DETECTION: '{"apiOverrides":{"search-api":{"clientTraffic":{"sensitivity":12}}}}',
    });

    expect(settings.detection.apiOverrides["search-api"]?.clientTraffic).toEqual({
      sensitivity: 12,
    });
    expect(() =>
      loadSettings({
        GATEWARDEN_DETECTION: '{"apiOverrides":{"a":{"torExitNode":{"sensitivity":1}}}}',
      }),
    ).toThrow("GATEWARDEN_DETECTION: apiOverrides.a: Unrecognized key");
  });

  it("names the value of an out-of-range or mistyped detection setting", () => {
    expect(() =>
      loadSettings({ GATEWARDEN_DETECTION: '{"populationSpike":{"sensitivity":-2}}' }),
    ).toThrow(
      "GATEWARDEN_DETECTION: populationSpike.sensitivity: Too small: expected number to be >0, got -2",
    );
    expect(() =>
      loadSettings({ GATEWARDEN_DETECTION: '{"latency":{"minRequests":"three"}}' }),
    ).toThrow(
      'GATEWARDEN_DETECTION: latency.minRequests: Invalid input: expected number, received string, got "three"',
    );
  });

  it("requires both Logs Ingestion settings when one is given", () => {
    expect(() =>
      loadSettings({ GATEWARDEN_LOGS_INGESTION_ENDPOINT: "https://x.ingest.monitor.azure.com" }),
    ).toThrow(
      "GATEWARDEN_LOGS_INGESTION_RULE_ID: required when the other Logs Ingestion setting is set, got nothing",
    );
  });

  it("hashes parameter values with the development key and hides them unless told otherwise", () => {
    expect(loadSettings({}).parameters).toEqual({ hashKey: null, showValues: false });
    const key = "k".repeat(32);
    expect(
      loadSettings({ GATEWARDEN_PARAMETER_HASH_KEY: key, GATEWARDEN_SHOW_PARAMETER_VALUES: "true" })
        .parameters,
    ).toEqual({ hashKey: key, showValues: true });
  });

  it("refuses a short parameter hash key without repeating the secret", () => {
    expect(() => loadSettings({ GATEWARDEN_PARAMETER_HASH_KEY: "tooShortSecret" })).toThrow(
      "GATEWARDEN_PARAMETER_HASH_KEY: expected a secret of at least 32 characters, got 14 characters",
    );
  });

  it("refuses a trusted proxy that is not an address or range", () => {
    expect(() => loadSettings({ GATEWARDEN_TRUSTED_PROXIES: "10.0.0.0/8, 10.0.0/8" })).toThrow(
      'GATEWARDEN_TRUSTED_PROXIES: expected a comma-separated list of IP addresses or CIDR ranges, got "10.0.0/8"',
    );
  });
});
