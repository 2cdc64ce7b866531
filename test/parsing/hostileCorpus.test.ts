import { describe, expect, it } from "vitest";
import {
  addRecord,
  emptyAggregate,
  KEY_SEPARATOR,
} from "../../shared/aggregation/windowAggregate.js";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { createRecordInspector } from "../../shared/detectors/recordInspector.js";
import { createParseOptions } from "../../shared/parsing/parseOptions.js";
import { readEventHubPayload } from "../../shared/parsing/readEventHubPayload.js";
import { MAX_KEPT_RAW_CHARS } from "../../shared/parsing/recordRejection.js";
import { windowIndexOf } from "../../shared/windows/window.js";
import { HOSTILE_PAYLOADS } from "../fixtures/hostile/hostilePayloads.js";

const OPTIONS = createParseOptions(Date.parse("2024-05-03T00:00:00Z"));
const inspect = createRecordInspector(defaultDetectionSettings());

describe("adversarial Event Hubs payloads", { timeout: 60_000 }, () => {
  for (const hostile of HOSTILE_PAYLOADS) {
    it(`rejects with a reason or reads: ${hostile.name}`, () => {
      const batch = readEventHubPayload(hostile.payload(), "partition 0 sequence 1", OPTIONS);

      expect(batch.records).toHaveLength(hostile.expected.records);
      expect(batch.rejections).toHaveLength(hostile.expected.rejections.length);
      batch.rejections.forEach((rejection, index) => {
        const expected = hostile.expected.rejections[index]!;
        expect(rejection.field).toBe(expected.field);
        expect(rejection.reason).toContain(expected.reason);
        expect(rejection.reason.length).toBeLessThan(1_000);
        expect(rejection.raw.length).toBeLessThanOrEqual(MAX_KEPT_RAW_CHARS);
      });

      // Whatever was read folds into a window aggregate whose evidence stays small.
      const aggregate = emptyAggregate(windowIndexOf(Date.parse("2024-05-02T10:15:31Z")));
      for (const record of batch.records) addRecord(aggregate, record, inspect(record));
      expect(aggregate.records).toBe(hostile.expected.records);
      for (const samples of aggregate.samples.values()) {
        for (const sample of samples) expect(JSON.stringify(sample).length).toBeLessThan(2_000);
      }
      for (const hit of aggregate.indicators.values()) {
        expect(JSON.stringify(hit).length).toBeLessThan(4_000);
      }
      for (const key of aggregate.clients.keys()) expect(key.split(KEY_SEPARATOR)).toHaveLength(3);
    });
  }

  it("leaves Object.prototype untouched after reading __proto__ and constructor keys", () => {
    for (const hostile of HOSTILE_PAYLOADS) readEventHubPayload(hostile.payload(), "s", OPTIONS);

    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(Object.prototype).not.toHaveProperty("url");
    expect(Object.prototype).not.toHaveProperty("category");
  });

  it("reads the real fields beside __proto__ keys, not the ones hidden in them", () => {
    const hostile = HOSTILE_PAYLOADS.find((entry) => entry.name.startsWith("__proto__"))!;
    const [record] = readEventHubPayload(hostile.payload(), "s", OPTIONS).records;

    expect(record!.path).toBe("/orders/v1/orders");
    expect(record!.userAgent).toBe("okhttp/4.12.0");
  });
});
