import { describe, expect, it } from "vitest";
import { diagnoseRecords } from "../../shared/doctor/diagnoseRecords.js";
import { requestRecord } from "../support/records.js";

function topics(findings: ReturnType<typeof diagnoseRecords>) {
  return Object.fromEntries(findings.map((finding) => [finding.topic, finding]));
}

describe("diagnoseRecords", () => {
  it("reports a problem when no record carries a User-Agent", () => {
    const records = [requestRecord({ userAgent: "" }), requestRecord({ userAgent: "" })];

    const finding = topics(diagnoseRecords({ records, rejections: [] }))["User-Agent"]!;

    expect(finding.level).toBe("problem");
    expect(finding.observation).toBe("no record carries a User-Agent header");
  });

  it("tells the operator to trust X-Forwarded-For from the proxy that carries all traffic", () => {
    const records = Array.from({ length: 10 }, (_, index) =>
      requestRecord({ callerIp: "10.0.0.4", clientIp: `198.51.100.${index}` }),
    );

    const finding = topics(diagnoseRecords({ records, rejections: [] }))["client address"]!;

    expect(finding.level).toBe("warning");
    expect(finding.observation).toBe(
      "100.0% of requests come from one caller, 10.0.0.4 (a private address), and 100.0% carry X-Forwarded-For",
    );
    expect(finding.action).toBe(
      "APIM sits behind a proxy. Set GATEWARDEN_TRUST_FORWARDED_FOR=true and GATEWARDEN_TRUSTED_PROXIES=10.0.0.4, or every per-client detection sees one client.",
    );
  });

  it("reports a problem when one caller carries all traffic and no X-Forwarded-For is logged", () => {
    const records = Array.from({ length: 4 }, () =>
      requestRecord({ callerIp: "10.0.0.4", clientIp: "10.0.0.4" }),
    );

    expect(topics(diagnoseRecords({ records, rejections: [] }))["client address"]!.level).toBe(
      "problem",
    );
  });

  it("warns that writes without logged bodies hide body parameters", () => {
    const records = [requestRecord({ method: "POST", requestBody: "" })];

    expect(
      topics(diagnoseRecords({ records, rejections: [] }))["request bodies"]!.observation,
    ).toBe("none of 1 POST/PUT/PATCH requests carries logged body bytes");
  });

  it("names the rejection reasons when nothing could be read", () => {
    const rejection = {
      field: "time",
      reason: 'time: expected a UTC timestamp, got "x"',
      source: "f:1",
      raw: "{}",
    };

    const findings = diagnoseRecords({ records: [], rejections: [rejection] });

    expect(findings).toEqual([
      {
        level: "problem",
        topic: "records",
        observation: "no usable records (1 rejected)",
        action:
          'gatewarden can detect nothing without records. Reasons: time: expected a UTC timestamp, got "x".',
      },
    ]);
  });
});
