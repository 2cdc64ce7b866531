import type { DetectionSettings } from "../../shared/config/detectionSettings.js";
import type { TypeCounts } from "../../shared/baselines/parameterTypesBaseline.js";
import { valueTypeOf, VALUE_TYPES, type ValueType } from "../../shared/parameters/valueType.js";
import {
  learnedTotalsOf,
  learnEndpoint,
  presentValue,
  type LearnedEndpoint,
  type ValueOutcome,
} from "./learnedEndpoint.js";
import { ATTACK_TYPES, type AttackType, type PayloadSplit } from "./payloadDataset.js";

/** One learned parameter: what it learned, and what the attacks and held-out values did to it. */
export interface ParameterMeasurement {
  name: string;
  learningValues: number;
  /** Values in the baseline after learning: fewer than `learningValues` when windows alerted. */
  learnedValues: number;
  learnedTypes: TypeCounts;
  attacks: (ValueOutcome & { attackType: AttackType })[];
  heldOut: ValueOutcome[];
}

export interface SetupMeasurement {
  parameters: ParameterMeasurement[];
  /** Typed setup only: value types with too few learning values to make a parameter of. */
  skippedTypes: { valueType: ValueType; learningValues: number }[];
  /** Held-out values whose type had no parameter to go to. */
  unplacedHeldOut: number;
}

/**
 * Setup (a): one free-text parameter `q` that learned from every learning value, whatever its
 * shape; every attack and every held-out value is sent to it.
 */
export function measureMixedParameter(
  split: PayloadSplit,
  settings: DetectionSettings,
): SetupMeasurement {
  const learned = learnEndpoint([{ name: "q", values: split.learning }], settings);
  const parameter = measureParameter(learned, "q", split.learning.length, split, split.heldOut);
  return { parameters: [parameter], skippedTypes: [], unplacedHeldOut: 0 };
}

/**
 * Setup (b): one parameter per value type of the learning values (named after the type), as a
 * real parameter carries one kind of value. Every attack goes to every parameter; a held-out
 * value goes to the parameter of its own type. Types with fewer than `minHistoryValues` learning
 * values make no parameter: the detector would never judge it.
 */
export function measureTypedParameters(
  split: PayloadSplit,
  settings: DetectionSettings,
): SetupMeasurement {
  const learningByType = groupByType(split.learning);
  const heldOutByType = groupByType(split.heldOut);
  const minValues = settings.unseenParamType.minHistoryValues;
  const kept = VALUE_TYPES.filter((type) => (learningByType.get(type)?.length ?? 0) >= minValues);
  const skippedTypes = VALUE_TYPES.filter(
    (type) => !kept.includes(type) && learningByType.has(type),
  ).map((valueType) => ({ valueType, learningValues: learningByType.get(valueType)!.length }));

  const lessons = kept.map((type) => ({ name: type, values: learningByType.get(type)! }));
  const learned = learnEndpoint(lessons, settings);
  const parameters = lessons.map(({ name, values }) =>
    measureParameter(
      learned,
      name,
      values.length,
      split,
      heldOutByType.get(name as ValueType) ?? [],
    ),
  );
  const unplacedHeldOut = skippedTypes.reduce(
    (sum, { valueType }) => sum + (heldOutByType.get(valueType)?.length ?? 0),
    0,
  );
  return { parameters, skippedTypes, unplacedHeldOut };
}

function measureParameter(
  learned: LearnedEndpoint,
  name: string,
  learningValues: number,
  split: PayloadSplit,
  heldOut: readonly string[],
): ParameterMeasurement {
  const totals = learnedTotalsOf(learned, name);
  return {
    name,
    learningValues,
    learnedValues: totals?.values ?? 0,
    learnedTypes: totals?.counts ?? {},
    attacks: split.attacks.map(({ payload, attackType }) => ({
      ...presentValue(learned, name, payload),
      attackType,
    })),
    heldOut: heldOut.map((value) => presentValue(learned, name, value)),
  };
}

function groupByType(values: readonly string[]): Map<ValueType, string[]> {
  const groups = new Map<ValueType, string[]>();
  for (const value of values) {
    const type = valueTypeOf(value);
    const group = groups.get(type) ?? [];
    group.push(value);
    groups.set(type, group);
  }
  return groups;
}

/** Values sent and values that raised `API_UnseenParamType`. */
export interface Tally {
  alerted: number;
  sent: number;
}

/** Per attack type and over all attacks, how many raised the alert. */
export function attackTally(
  attacks: readonly (ValueOutcome & { attackType: AttackType })[],
): Record<AttackType | "all", Tally> {
  const tally = Object.fromEntries(
    [...ATTACK_TYPES, "all"].map((type) => [type, { alerted: 0, sent: 0 }]),
  ) as Record<AttackType | "all", Tally>;
  for (const { attackType, alerted } of attacks) {
    for (const each of [tally[attackType], tally.all]) {
      each.sent += 1;
      if (alerted) each.alerted += 1;
    }
  }
  return tally;
}

export function heldOutTally(values: readonly ValueOutcome[]): Tally {
  return { alerted: values.filter((value) => value.alerted).length, sent: values.length };
}

/** All parameters of a setup together: each (value, parameter) pair counts once. */
export function setupTally(setup: SetupMeasurement): {
  attacks: Record<AttackType | "all", Tally>;
  heldOut: Tally;
} {
  const attacks = setup.parameters.flatMap((parameter) => parameter.attacks);
  const heldOut = setup.parameters.flatMap((parameter) => parameter.heldOut);
  return { attacks: attackTally(attacks), heldOut: heldOutTally(heldOut) };
}

export function rateOf({ alerted, sent }: Tally): number {
  return sent === 0 ? 0 : alerted / sent;
}
