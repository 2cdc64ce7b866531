import { describe, expect, it } from "vitest";
import { valueTypeOf, type ValueType } from "../../shared/parameters/valueType.js";

const EXAMPLES: [string, ValueType][] = [
  ["", "empty"],
  ["42", "integer"],
  ["-7", "integer"],
  ["3.14", "decimal"],
  ["1e5", "token"],
  ["2.5e-3", "decimal"],
  ["TRUE", "boolean"],
  ["false", "boolean"],
  ["9f1c2a4e-0b7d-4c1e-9a53-2f6d8e1b0c77", "uuid"],
  ["2024-05-02", "date"],
  ["2024-05-02T10:15:31Z", "datetime"],
  ["2024-05-02T10:15:31.123+02:00", "datetime"],
  ["ana.lopez@example.com", "email"],
  ["203.0.113.9", "ip"],
  ["2001:db8::1", "ip"],
  ["deadbeef00c0ffee", "hex"],
  ["defacedcafe", "token"],
  ["dGhpcyBpcyBhIHRlc3QxMjM=", "base64"],
  ['{"a":1}', "json"],
  ["[1,2]", "json"],
  ["{not json", "syntax"],
  ["price_desc", "token"],
  ["en-US", "token"],
  ["red shoes", "text"],
  ["c/ caridad s/n", "text"],
  ["1' OR '1'='1", "syntax"],
  ["<script>alert(1)</script>", "syntax"],
  ["../../etc/passwd", "syntax"],
  ["; cat /etc/passwd", "syntax"],
  ["1 union all select null--", "syntax"],
  ["Jean d'Ormesson", "text"],
  ["O'Brien", "text"],
  ["l'été indien", "text"],
  ["o'brien@example.com", "email"],
  ["admin'", "syntax"],
  ["'or 1", "syntax"],
  ["x'or'y", "syntax"],
  ["O'Brien O'Neil", "syntax"],
  ["1 or 1=1", "syntax"],
  ["Smith & Sons", "text"],
  ["make && make install", "syntax"],
];

describe("valueTypeOf", () => {
  it.each(EXAMPLES)("classifies %j as %s", (value, expected) => {
    expect(valueTypeOf(value)).toBe(expected);
  });

  it("classifies values built to make backtracking patterns explode", () => {
    expect(valueTypeOf(`${"a@".repeat(300)}x`)).toBe("text");
    expect(valueTypeOf(`${"1.".repeat(400)}x`)).toBe("text");
    expect(valueTypeOf(`${"a".repeat(500)}@${"b.".repeat(200)}`)).toBe("text");
    expect(valueTypeOf(`${"a'".repeat(500)}b`)).toBe("syntax");
  });
});
