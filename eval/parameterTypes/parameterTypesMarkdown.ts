import type { UnseenParamTypeSettings } from "../../shared/config/detectionSettings.js";
import { MAX_VALUE_CHARS_EXAMINED } from "../../shared/parameters/parameterLimits.js";
import { code, markdownTable } from "../report/markdownTable.js";
import { LEARNING_CLIENTS, LEARNING_WINDOWS, type ValueOutcome } from "./learnedEndpoint.js";
import {
  attackTally,
  heldOutTally,
  rateOf,
  setupTally,
  type ParameterMeasurement,
  type SetupMeasurement,
  type Tally,
} from "./parameterTypeSetups.js";
import { ATTACK_TYPES, HOLD_OUT_EVERY, type PayloadSplit } from "./payloadDataset.js";

/** The issue's targets, judged on setup (a). */
export const TARGET_DETECTION = 0.9;
export const TARGET_FALSE_POSITIVES = 0.01;

/** Values longer than this are shown as their type and length, with a short prefix. */
const MAX_QUOTED_CHARS = 60;

export interface ParameterTypesReport {
  generatedAtMs: number;
  commit: string;
  command: string;
  split: PayloadSplit;
  settings: UnseenParamTypeSettings;
  mixed: SetupMeasurement;
  typed: SetupMeasurement;
}

/** The whole of `docs/parameter-types.md`, before prettier. */
export function parameterTypesMarkdown(report: ParameterTypesReport): string {
  return [
    header(report),
    methodSection(report),
    mixedSection(report.mixed),
    typedSection(report.typed, report.settings),
    falsePositiveSection(report.mixed),
    missedSection(report.mixed),
    classifierSection(),
    meaningSection(report),
  ].join("\n\n");
}

function header(report: ParameterTypesReport): string {
  const { attacks, heldOut } = setupTally(report.mixed);
  const met = rateOf(attacks.all) >= TARGET_DETECTION && rateOf(heldOut) <= TARGET_FALSE_POSITIVES;
  const short = ATTACK_TYPES.filter((type) => rateOf(attacks[type]) < TARGET_DETECTION);
  const shortText =
    short.length === 0
      ? "every attack type reaches it on its own."
      : `on its own, ${short.map((type) => `${type} (${percent(rateOf(attacks[type]), 1)})`).join(" and ")} ${short.length === 1 ? "falls" : "fall"} short of it.`;
  return [
    "# API_UnseenParamType against labelled parameter values",
    "",
    `Generated on ${new Date(report.generatedAtMs).toISOString().slice(0, 10)} from commit ${code(report.commit)} by ${code(report.command)}.`,
    "",
    `**Headline (setup a, one free-text parameter):** ${tallyText(attacks.all)} attack payloads`,
    `raised \`API_UnseenParamType\`, and ${tallyText(heldOut, 2)} held-back benign values did.`,
    `The issue's targets (detection ≥ ${TARGET_DETECTION}, false positives ≤ ${percent(TARGET_FALSE_POSITIVES, 0)})`,
    `are judged on this setup, the hard one, and are ${met ? "met" : "**not met**"}. The detection`,
    `target is over all attacks together; ${shortText} Setup (b), one parameter per benign value`,
    `type, catches ${tallyText(setupTally(report.typed).attacks.all)} of its (attack, parameter) pairs.`,
  ].join("\n");
}

function methodSection(report: ParameterTypesReport): string {
  const { split, settings } = report;
  return [
    "## Method",
    "",
    "**Data.** `../shared/data/http-params-dataset/payload_train.csv` (HttpParamsDataset, MIT): ",
    `${count(split.learning.length + split.heldOut.length)} benign values from the CSIC 2010 dataset`,
    "(Spanish names, addresses, numbers, DNI numbers, e-mail addresses, passwords) and",
    `${count(split.attacks.length)} attack payloads from sqlmap, XSSYA, Vega and FuzzDB. These are`,
    "labelled values, not natural traffic: the attacks are tool output, and the benign values were",
    "generated for a test web shop.",
    "",
    `**Split.** One benign row in ${HOLD_OUT_EVERY} (rows ${HOLD_OUT_EVERY}, ${2 * HOLD_OUT_EVERY}, ${3 * HOLD_OUT_EVERY}…, counted among benign rows in`,
    `file order) is held back: ${count(split.learning.length)} values teach the parameter,`,
    `${count(split.heldOut.length)} measure false positives. Every attack row is sent. The classifier rules`,
    "below were decided from the learning values and from reasoning about injection.",
    "",
    "**Code path.** Nothing is re-implemented: each value becomes a `GET` request record with the",
    "value URL-encoded in a query parameter of one endpoint, then goes through",
    "`createParameterExtractor` (decoding, the 1,024-character examination cut, `valueTypeOf`,",
    "keyed hashing), `addRecord` into a window aggregate, the `parameterTypes` baseline family and",
    "the real `unseenParamTypeDetector` with default settings",
    `(maxProbability ${settings.maxProbability}, smoothing ${settings.smoothing}, minHistoryValues ${settings.minHistoryValues},`,
    `minHistoryWindows ${settings.minHistoryWindows}, learnFromClients ${settings.learnFromClients}).`,
    "",
    `**Learning.** The learning values are spread over ${LEARNING_WINDOWS} consecutive 20-minute windows`,
    `(value i to window i mod ${LEARNING_WINDOWS}) and ${LEARNING_CLIENTS} clients. Each window is handled as the`,
    "evaluator handles it: detected against the baselines aged to the window before, then folded",
    `in with its alerted aspects held out. Once the parameter has ${settings.minHistoryWindows} windows of history, a rare`,
    "benign type that alerts in a learning window therefore stays out of the baseline.",
    "",
    "**Measuring.** Each attack and each held-back value is then sent alone, by one client, in the",
    "next window, and the detector runs on that window. One alert covers every value of one type",
    "in a window, so a window of one value is what attributes an alert to a value.",
  ].join("\n");
}

function mixedSection(setup: SetupMeasurement): string {
  const parameter = setup.parameters[0]!;
  const tally = attackTally(parameter.attacks);
  const rows = [...ATTACK_TYPES, "all" as const].map((type) => [
    type,
    count(tally[type].sent),
    count(tally[type].alerted),
    percent(rateOf(tally[type]), 1),
  ]);
  const heldOut = heldOutTally(parameter.heldOut);
  return [
    "## Setup (a): one free-text parameter learned from every benign value",
    "",
    "The hard, mixed case: a search or comment field that receives names, numbers, addresses and",
    `e-mail addresses alike. The parameter \`q\` learned ${count(parameter.learnedValues)} of its`,
    `${count(parameter.learningValues)} learning values (the rest alerted while it learned):`,
    `${distributionText(parameter)}.`,
    "",
    markdownTable(["Attack type", "Sent", "Raised API_UnseenParamType", "Detection rate"], rows),
    "",
    `**False positives:** ${tallyText(heldOut, 2)} held-back benign values raised the alert.`,
  ].join("\n");
}

function typedSection(setup: SetupMeasurement, settings: UnseenParamTypeSettings): string {
  const rows = setup.parameters.map((parameter) => {
    const tally = attackTally(parameter.attacks);
    return [
      code(parameter.name),
      count(parameter.learnedValues),
      ...ATTACK_TYPES.map((type) => ratioCell(tally[type])),
      ratioCell(tally.all),
      ratioCell(heldOutTally(parameter.heldOut)),
    ];
  });
  const total = setupTally(setup);
  const skipped = setup.skippedTypes
    .map(({ valueType, learningValues }) => `${valueType} (${learningValues})`)
    .join(", ");
  return [
    "## Setup (b): one parameter per benign value type",
    "",
    "A real parameter carries one kind of value. Here the learning values are grouped by",
    "`valueTypeOf` and each group teaches its own parameter of the same endpoint, named after the",
    "type; every attack is sent to every parameter, and a held-back value to the parameter of its",
    `own type. Types with fewer than ${settings.minHistoryValues} learning values (minHistoryValues) make no parameter,`,
    `because the detector never judges one with so little history: ${skipped || "none"};`,
    `${setup.unplacedHeldOut} held-back values of those types had nowhere to go.`,
    "",
    markdownTable(
      ["Parameter", "Learned values", ...ATTACK_TYPES, "All attacks", "Held-back false positives"],
      rows,
    ),
    "",
    `Over all parameters: ${tallyText(total.attacks.all)} (attack, parameter) pairs alerted, and`,
    `${tallyText(total.heldOut, 2)} held-back values. The false-positive rate here is zero by`,
    "construction: a held-back value goes to the parameter that learned its own type. It says",
    "nothing about the classifier; setup (a) is where false positives are measured.",
  ].join("\n");
}

function falsePositiveSection(setup: SetupMeasurement): string {
  const alerted = setup.parameters[0]!.heldOut.filter((outcome) => outcome.alerted);
  const rows = alerted.map((outcome) => [
    shownValue(outcome),
    outcome.valueType,
    String(outcome.value.length),
  ]);
  return [
    "## False positives in setup (a)",
    "",
    "Every held-back benign value that raised the alert. These are public test values.",
    "",
    rows.length > 0 ? markdownTable(["Value", "Type", "Length"], rows) : "None.",
  ].join("\n");
}

function missedSection(setup: SetupMeasurement): string {
  const missed = setup.parameters[0]!.attacks.filter((outcome) => !outcome.alerted);
  const rows = missed.map((outcome) => [
    outcome.attackType,
    shownValue(outcome),
    outcome.valueType,
    String(outcome.value.length),
  ]);
  return [
    "## Missed attacks in setup (a)",
    "",
    `All ${missed.length} attack payloads that did not raise the alert, as the classifier typed them.`,
    `Values over ${MAX_QUOTED_CHARS} characters show their start only. The two SQL rows are sqlmap's`,
    "random base values, which carry no injection of their own.",
    "",
    markdownTable(["Attack type", "Value", "Type", "Length"], rows),
  ].join("\n");
}

function classifierSection(): string {
  return [
    "## Classifier changes made for this measurement",
    "",
    "The classifier of commit `428ae93` typed 18 of the learning values `syntax`; 11 of them were",
    "names with an apostrophe inside a word (`ivars d'urgell`, `ronda o'donnell`, `d'amico urrea`).",
    "The same harness on that commit gave 9 held-back false positives in setup (a), 7 of them such",
    "names, and caught 50 of 59 command injections; those figures are from that one earlier run.",
    "Two changes in `shared/parameters/valueType.ts`:",
    "",
    "- **An apostrophe between two letters, when it is the value's only one, is text** (and",
    "  allowed in an e-mail's local part: `o'brien@…`). A lone quote can close a string literal",
    "  but leaves the query's own closing quote unmatched, so it breaks the statement rather than",
    "  injects into it. A second quote (`x'or'y`), or one at a word's edge (`admin'`, `'or 1`),",
    "  stays `syntax`.",
    "- **`&&` is syntax.** It chains shell commands; prose writes a single `&` (`Smith & Sons`",
    "  stays text).",
    "",
    "Considered and left alone:",
    "",
    '- **Double-quoted words** (`"clarin"`) stay `syntax`, although they are ordinary in addresses',
    "  and search phrases: in a double-quoted SQL literal (MySQL's default mode), a quoted word",
    '  closes and reopens the literal, so `a "or" 1` is a working injection that would read as',
    "  prose. They are the remaining false positives.",
    "- **Parentheses in prose** (`baleares (illes)`) stay `syntax`: `(select 1)` has the same shape.",
    "- **Paths, URLs with `file:` and shell words** (`cat /etc/passwd`, `c:/boot.ini`) stay `text`.",
    "  Telling them from addresses such as `c/ caridad s/n` needs a list of signatures, which is",
    "  a different detector, not a value type.",
  ].join("\n");
}

function meaningSection(report: ParameterTypesReport): string {
  const parameter = report.mixed.parameters[0]!;
  const padded = parameter.attacks.filter(
    (outcome) => !outcome.alerted && outcome.value.length > MAX_VALUE_CHARS_EXAMINED,
  );
  return [
    "## What it means",
    "",
    "- On these data the type detector catches nearly every injection, because scanner payloads",
    "  carry quotes, brackets, `=`, `;` or `../`, which benign names, numbers and addresses rarely",
    "  do. That holds for tool-generated payloads; a hand-written attack that reads as plain text",
    "  (`1 or 1`, `cat /etc/passwd`) is as probable as any free text and is never flagged in a",
    "  free-text parameter. In a typed parameter (b) such payloads are caught, because `text` is",
    "  improbable where only integers, e-mail addresses or single words were seen.",
    `- **Padding evades the classifier.** ${padded.length} path-traversal payloads put over a thousand \`a\``,
    `  characters before the dots; extraction examines only the first ${count(MAX_VALUE_CHARS_EXAMINED)} characters of a value,`,
    "  so they are typed `text`. Cut values are counted (`cutValues`) but not treated as",
    "  suspicious.",
    "- **Benign values that alert while a parameter learns stay out of its baseline** when fewer",
    "  than `learnFromClients` clients sent them, exactly as an attacker's would: that is why (a)",
    "  learned fewer values than it was sent. A rare benign type that first appears once the",
    "  parameter has history keeps alerting while fewer than that many clients send it a window.",
    "- **The `hex` parameter of (b) is an artefact**: DNI numbers (8 digits and a check letter)",
    "  type as `hex` when the letter falls in a–f and as `token` otherwise. A real DNI parameter",
    "  learns both, and `token` accepts `hex`, so it costs nothing there.",
    "- **A lone apostrophe between letters is not flagged**, so an error-based probe that looks",
    "  like `O'Brien` is missed; a name that looks like it was flagged before.",
    "- The benign values are not natural traffic: CSIC 2010 is generated, Spanish, and has no",
    "  free-text comments, URLs or JSON. Production free text will have more quotes, parentheses",
    "  and `=` than this, so setup (a)'s false-positive rate is a lower bound for real search",
    "  or comment fields. The defence there is the baseline itself: a parameter whose values carry",
    "  syntax from its first windows learns it and, above 1% of its values, does not alert on it.",
  ].join("\n");
}

function distributionText(parameter: ParameterMeasurement): string {
  return Object.entries(parameter.learnedTypes)
    .sort((a, b) => b[1] - a[1])
    .map(
      ([type, values]) =>
        `${type} ${count(values)} (${percent(values / parameter.learnedValues, 2)})`,
    )
    .join(", ");
}

function shownValue(outcome: ValueOutcome): string {
  if (outcome.value.length <= MAX_QUOTED_CHARS) return code(outcome.value);
  return `${code(outcome.value.slice(0, 24))}… (${outcome.value.length} chars)`;
}

function tallyText(tally: Tally, decimals = 1): string {
  return `${count(tally.alerted)} of ${count(tally.sent)} (${percent(rateOf(tally), decimals)})`;
}

function ratioCell(tally: Tally): string {
  return `${count(tally.alerted)}/${count(tally.sent)} (${percent(rateOf(tally), 1)})`;
}

function count(value: number): string {
  return value.toLocaleString("en-US");
}

function percent(rate: number, decimals: number): string {
  return `${(rate * 100).toFixed(decimals)}%`;
}
