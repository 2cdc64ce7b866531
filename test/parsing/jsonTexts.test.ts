import { describe, expect, it } from "vitest";
import { type JsonText, readJsonTexts } from "../../shared/parsing/jsonTexts.js";
import type { LogLine, OversizedLine } from "../../shared/parsing/logFileStream.js";

async function split(content: string): Promise<(JsonText | OversizedLine)[]> {
  async function* lines(): AsyncGenerator<LogLine> {
    const texts = content.split("\n");
    for (const [index, text] of texts.entries()) {
      yield { text, lineNumber: index + 1, lineEnd: index < texts.length - 1 ? "\n" : "" };
    }
  }
  const texts: (JsonText | OversizedLine)[] = [];
  for await (const text of readJsonTexts(lines())) texts.push(text);
  return texts;
}

describe("readJsonTexts", () => {
  it("yields each non-blank line of a JSON Lines file, broken lines included", async () => {
    expect(await split('\n{"a":1}\n{"b":\n\n[2]\n')).toEqual([
      { text: '{"a":1}', lineNumber: 2 },
      { text: '{"b":', lineNumber: 3 },
      { text: "[2]", lineNumber: 5 },
    ]);
  });

  it("yields the elements of a pretty-printed top-level array with the line each starts on", async () => {
    const content = '[\n  {"a": "]\\"}",\n   "b": [1, {"c": 2}]},\n  {"d": 3}\n]\n';
    expect(await split(content)).toEqual([
      { text: '{"a": "]\\"}",\n   "b": [1, {"c": 2}]}', lineNumber: 2 },
      { text: '{"d": 3}', lineNumber: 4 },
    ]);
  });

  it("yields scalar elements of a top-level array and nothing for an empty array", async () => {
    expect(await split("[\n1, true,\n null]")).toEqual([
      { text: "1", lineNumber: 2 },
      { text: "true", lineNumber: 2 },
      { text: "null", lineNumber: 3 },
    ]);
    expect(await split("[\n]")).toEqual([]);
  });

  it("yields a pretty-printed object whole and two in a row separately", async () => {
    expect(await split('{\n  "records": []\n}\n{\n  "x": "{"\n}')).toEqual([
      { text: '{\n  "records": []\n}', lineNumber: 1 },
      { text: '{\n  "x": "{"\n}', lineNumber: 4 },
    ]);
  });

  it("yields an unterminated document at the end so it can be rejected", async () => {
    expect(await split('{\n  "records": [\n')).toEqual([
      { text: '{\n  "records": [\n\n', lineNumber: 1 },
    ]);
  });
});
