import { describe, expect, it } from "vitest";
import {
  createParameterExtractor,
  parameterKeyOf,
  redactedValueOf,
  type RequestParameter,
} from "../../shared/parameters/extractParameters.js";
import { createValueHasher } from "../../shared/parameters/parameterHasher.js";
import {
  MAX_NAME_CHARS,
  MAX_PARAMETERS_PER_REQUEST,
  MAX_VALUE_CHARS_EXAMINED,
} from "../../shared/parameters/parameterLimits.js";
import { requestRecord } from "../support/records.js";

const extract = createParameterExtractor({ hashKey: "test-key", showValues: true });
const hash = createValueHasher("test-key");

function namesAndValues(parameters: RequestParameter[]): string[] {
  return parameters.map((p) => `${parameterKeyOf(p)}=${p.clearValue ?? "?"}`);
}

describe("query parameters", () => {
  it("keeps every value of a repeated name and drops array suffixes", () => {
    const { parameters } = extract(requestRecord({ query: "a=1&a=2&ids[]=7&ids[3]=8&f[st]=x" }));
    expect(namesAndValues(parameters)).toEqual([
      "query:a=1",
      "query:a=2",
      "query:ids=7",
      "query:ids=8",
      "query:f[st]=x",
    ]);
  });

  it("lower-cases names and decodes percent escapes and plus signs", () => {
    const { parameters } = extract(requestRecord({ query: "Page=2&q=red+shoes%20%C3%A9t%C3%A9" }));
    expect(namesAndValues(parameters)).toEqual(["query:page=2", "query:q=red shoes été"]);
  });

  it("gives empty values to `a=` and a bare `a`, and skips pairs without a name", () => {
    const { parameters } = extract(requestRecord({ query: "a=&b&=orphan&&c=3" }));
    expect(parameters.map((p) => [p.name, p.valueType, p.valueLength])).toEqual([
      ["a", "empty", 0],
      ["b", "empty", 0],
      ["c", "integer", 1],
    ]);
  });

  it("keeps malformed escapes as written instead of throwing", () => {
    const { parameters } = extract(requestRecord({ query: "x=%zz%41%&y=%E9t%C3" }));
    expect(namesAndValues(parameters)).toEqual(["query:x=%zzA%", "query:y=\uFFFDt\uFFFD"]);
  });
});

describe("path parameters", () => {
  it("names id-like segments by position and leaves route words alone", () => {
    const { parameters } = extract(
      requestRecord({
        path: "/users/42/orders/9f1c2a4e-0b7d-4c1e-9a53-2f6d8e1b0c77/items",
        query: "",
      }),
    );
    expect(parameters.map((p) => [parameterKeyOf(p), p.valueType])).toEqual([
      ["path:{path:2}", "integer"],
      ["path:{path:4}", "uuid"],
    ]);
  });
});

describe("body parameters", () => {
  it("reads the top-level fields of a JSON object, nested values as JSON", () => {
    const body =
      '{"Email":"a@example.com","age":31,"tags":["x","y"],"addr":{"zip":"1000"},"n":null}';
    const { parameters } = extract(requestRecord({ method: "POST", requestBody: body }));
    expect(parameters.map((p) => [p.name, p.valueType, p.clearValue])).toEqual([
      ["email", "email", "a@example.com"],
      ["age", "integer", "31"],
      ["tags", "json", '["x","y"]'],
      ["addr", "json", '{"zip":"1000"}'],
      ["n", "empty", ""],
    ]);
  });

  it("keeps the complete fields of a JSON body cut by the 8,192-byte logging limit", () => {
    for (const cutBody of ['{"a":1,"b":"tex', '{"a":1,"b":12', '{"a":1,"b":{"c":[1,', '{"a":1,"']) {
      const { parameters } = extract(requestRecord({ requestBody: cutBody }));
      expect(namesAndValues(parameters)).toEqual(["body:a=1"]);
    }
  });

  it("reads a form body and ignores bodies that are neither JSON objects nor forms", () => {
    expect(
      namesAndValues(extract(requestRecord({ requestBody: "user=bo&pw=x%21" })).parameters),
    ).toEqual(["body:user=bo", "body:pw=x!"]);
    for (const body of ["<a>1</a>", "[1,2]", "hello world", "x y=1"]) {
      expect(extract(requestRecord({ requestBody: body })).parameters).toEqual([]);
    }
  });
});

describe("limits", () => {
  it(`keeps ${MAX_PARAMETERS_PER_REQUEST} parameters and counts the dropped ones`, () => {
    const query = Array.from({ length: 130 }, (_, index) => `p${index}=1`).join("&");
    const result = extract(requestRecord({ query, requestBody: '{"b":1}' }));
    expect(result.parameters).toHaveLength(MAX_PARAMETERS_PER_REQUEST);
    expect(result.limitsHit.droppedParameters).toBe(31);
  });

  it("cuts long names and values, counts them, and keeps the full value length", () => {
    const longName = "n".repeat(MAX_NAME_CHARS + 5);
    const longValue = "v".repeat(MAX_VALUE_CHARS_EXAMINED + 10);
    const result = extract(requestRecord({ query: `${longName}=${longValue}` }));
    expect(result.parameters[0]!.name).toHaveLength(MAX_NAME_CHARS);
    expect(result.parameters[0]!.valueLength).toBe(MAX_VALUE_CHARS_EXAMINED + 10);
    expect(result.parameters[0]!.valueHash).toBe(hash("v".repeat(MAX_VALUE_CHARS_EXAMINED)));
    expect(result.limitsHit).toEqual({
      droppedParameters: 0,
      cutValues: 1,
      cutNames: 1,
      cutSources: 0,
    });
  });
});

describe("long values", () => {
  const padding = "a".repeat(MAX_VALUE_CHARS_EXAMINED + 500);

  it("types a value as syntax when a payload is padded past the characters examined", () => {
    const query = `file=${padding}..%2F..%2Fetc%2Fpasswd&q=${padding}%20${padding}%27%20OR%201`;
    const types = extract(requestRecord({ query })).parameters.map((p) => p.valueType);
    expect(types).toEqual(["syntax", "syntax"]);
  });

  it("keeps a long base64 value base64, its = padding included", () => {
    const blob = "QmFzZTY0IGlzIGZpbmUK".repeat(80) + "QQ==";
    const [parameter] = extract(
      requestRecord({ query: `image=${encodeURIComponent(blob)}` }),
    ).parameters;
    expect(parameter!.valueType).toBe("base64");
  });

  it("keeps a long plain word text: padding alone is not syntax", () => {
    const [parameter] = extract(requestRecord({ query: `slug=${padding}` })).parameters;
    expect(parameter!.valueType).toBe("text");
  });
});

describe("cache busters", () => {
  it("marks epoch seconds and milliseconds near the request time, and nothing else", () => {
    const timeMs = Date.parse("2024-05-02T10:15:31.123Z");
    const query = `_=${timeMs}&t=${Math.floor(timeMs / 1000)}&old=1000000000&id=1234567890123`;
    const { parameters } = extract(requestRecord({ timeMs, query }));
    expect(parameters.map((p) => [p.name, p.timestampLike ?? false])).toEqual([
      ["_", true],
      ["t", true],
      ["old", false],
      ["id", false],
    ]);
  });
});

describe("privacy", () => {
  it("hashes values with the key and keeps no clear value unless asked", () => {
    const quiet = createParameterExtractor({ hashKey: "test-key", showValues: false });
    const [parameter] = quiet(requestRecord({ query: "token=s3cr3t" })).parameters;
    expect(parameter).toEqual({
      name: "token",
      location: "query",
      valueHash: hash("s3cr3t"),
      valueType: "token",
      valueLength: 6,
    });
    expect(parameter!.valueHash).toMatch(/^[0-9a-f]{16}$/);
    expect(createValueHasher("other-key")("s3cr3t")).not.toBe(parameter!.valueHash);
    expect(redactedValueOf(parameter!)).toBe(`token, 6 chars, #${hash("s3cr3t").slice(0, 8)}`);
  });

  it("falls back to the public development key when none is set, deterministically", () => {
    const first = createParameterExtractor({ hashKey: null, showValues: false });
    const second = createParameterExtractor({ hashKey: null, showValues: false });
    const record = requestRecord({ query: "q=1" });
    expect(first(record).parameters[0]!.valueHash).toBe(second(record).parameters[0]!.valueHash);
  });
});
