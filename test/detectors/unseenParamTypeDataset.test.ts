import { beforeAll, describe, expect, it } from "vitest";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import {
  attackTally,
  heldOutTally,
  measureMixedParameter,
  measureTypedParameters,
  rateOf,
  setupTally,
  type ParameterMeasurement,
  type SetupMeasurement,
} from "../../eval/parameterTypes/parameterTypeSetups.js";
import { readPayloads, splitPayloads } from "../../eval/parameterTypes/payloadDataset.js";
import { SHARED_DATA } from "../support/sharedData.js";

/*
 * Issue 5: HttpParamsDataset values (CSIC 2010 benign values, scanner attack payloads) sent as a
 * query parameter through extraction, aggregation, the parameter-types baseline and the real
 * detector; docs/parameter-types.md reports the same run. Every fifth benign row is held back.
 */
const DATASET = `${SHARED_DATA}/http-params-dataset/payload_train.csv`;
const split = splitPayloads(readPayloads(DATASET));
const settings = defaultDetectionSettings();

const missedOf = (parameter: ParameterMeasurement, attackType: string) =>
  parameter.attacks
    .filter((outcome) => outcome.attackType === attackType && !outcome.alerted)
    .map((outcome) => outcome.value);

describe("API_UnseenParamType on the HttpParamsDataset", () => {
  let mixed: SetupMeasurement;
  let typed: SetupMeasurement;

  beforeAll(() => {
    mixed = measureMixedParameter(split, settings);
    typed = measureTypedParameters(split, settings);
  });

  it("holds back every fifth benign row and sends every attack row", () => {
    expect(split.learning.length).toBe(10_296);
    expect(split.heldOut.length).toBe(2_574);
    expect(split.attacks.length).toBe(7_842);
    // The fifth and tenth benign rows of the file.
    expect(split.heldOut.slice(0, 2)).toEqual(["tufts3@joll.rs", "d50allecido"]);
  });

  describe("(a) one free-text parameter learned from every benign value", () => {
    it("learns all but the syntax values that alerted while it learned", () => {
      const [parameter] = mixed.parameters;

      expect(parameter!.learningValues).toBe(10_296);
      expect(parameter!.learnedValues).toBe(10_294);
      expect(parameter!.learnedTypes).toEqual({
        token: 4_773,
        text: 2_182,
        integer: 2_097,
        email: 1_013,
        hex: 224,
        syntax: 5,
      });
    });

    it("raises API_UnseenParamType for 7,813 of 7,842 attacks", () => {
      expect(attackTally(mixed.parameters[0]!.attacks)).toEqual({
        sqli: { alerted: 7_233, sent: 7_235 },
        xss: { alerted: 355, sent: 355 },
        "path-traversal": { alerted: 174, sent: 193 },
        cmdi: { alerted: 51, sent: 59 },
        all: { alerted: 7_813, sent: 7_842 },
      });
    });

    it("raises it for 2 of 2,574 held-back benign values, both with a double-quoted name", () => {
      const heldOut = mixed.parameters[0]!.heldOut;

      expect(heldOutTally(heldOut)).toEqual({ alerted: 2, sent: 2_574 });
      expect(heldOut.filter((outcome) => outcome.alerted).map((outcome) => outcome.value)).toEqual([
        'c/ leopoldo alas "clarin" 4, 6?b',
        'calle poligon industrial "el segre", 118',
      ]);
    });

    it("meets the issue's targets: detection at least 0.9, false positives at most 1%", () => {
      const tally = setupTally(mixed);

      expect(rateOf(tally.attacks.all)).toBeGreaterThanOrEqual(0.9);
      expect(rateOf(tally.heldOut)).toBeLessThanOrEqual(0.01);
    });

    it("misses commands that read as plain text or a word", () => {
      expect(missedOf(mixed.parameters[0]!, "cmdi")).toEqual([
        "/usr/bin/id",
        "id",
        "cat /etc/passwd",
        "& ping -i 30 127.0.0.1 &",
        "ping -i 30 127.0.0.1",
        "& id",
        "asdf3334",
        "ping.exe -n 31 127.0.0.1",
      ]);
    });

    it("catches path traversal padded past the first 1,024 characters, and misses 19 plain paths", () => {
      const missed = missedOf(mixed.parameters[0]!, "path-traversal");

      expect(missed.length).toBe(19);
      expect(missed.filter((value) => value.length > 1_024)).toEqual([]);
    });
  });

  describe("(b) one parameter per benign value type", () => {
    it("makes a parameter of each type with at least minHistoryValues learning values", () => {
      expect(typed.parameters.map(({ name, learnedValues }) => [name, learnedValues])).toEqual([
        ["integer", 2_097],
        ["email", 1_013],
        ["hex", 224],
        ["token", 4_773],
        ["text", 2_182],
      ]);
      expect(typed.skippedTypes).toEqual([{ valueType: "syntax", learningValues: 7 }]);
      expect(typed.unplacedHeldOut).toBe(2);
    });

    it("raises API_UnseenParamType for every attack whose type the parameter never carried", () => {
      const alertedPerParameter = typed.parameters.map((parameter) => [
        parameter.name,
        attackTally(parameter.attacks).all.alerted,
      ]);

      expect(alertedPerParameter).toEqual([
        ["integer", 7_841],
        ["email", 7_842],
        ["hex", 7_842],
        ["token", 7_835],
        ["text", 7_813],
      ]);
      expect(setupTally(typed).attacks.all).toEqual({ alerted: 39_173, sent: 39_210 });
    });

    it("lets an integer parameter accept only the attack that is a bare integer", () => {
      const integer = typed.parameters.find((parameter) => parameter.name === "integer")!;

      expect(integer.attacks.filter((outcome) => !outcome.alerted)).toEqual([
        { value: "-3752", valueType: "integer", alerted: false, attackType: "sqli" },
      ]);
    });

    it("raises nothing for a held-back value sent to the parameter of its own type", () => {
      expect(setupTally(typed).heldOut).toEqual({ alerted: 0, sent: 2_572 });
    });
  });
});
