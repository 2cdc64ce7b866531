/**
 * `npx tsx eval/parameterTypes/main.ts`: sends the HttpParamsDataset's values through extraction,
 * the parameter-types baseline and API_UnseenParamType, and writes docs/parameter-types.md.
 * About two seconds; test/detectors/unseenParamTypeDataset.test.ts pins the same numbers.
 */
import { join } from "node:path";
import { defaultDetectionSettings } from "../../shared/config/detectionSettings.js";
import { describeCommit } from "../report/gitCommit.js";
import { writeMarkdown } from "../report/writeMarkdown.js";
import { REPO_ROOT, SHARED_DATA_DIR } from "../run/evalOptions.js";
import { measureMixedParameter, measureTypedParameters } from "./parameterTypeSetups.js";
import { parameterTypesMarkdown } from "./parameterTypesMarkdown.js";
import { readPayloads, splitPayloads } from "./payloadDataset.js";

const DATASET = join(SHARED_DATA_DIR, "http-params-dataset/payload_train.csv");
const OUT = join(REPO_ROOT, "docs/parameter-types.md");

const settings = defaultDetectionSettings();
const split = splitPayloads(readPayloads(DATASET));
const markdown = parameterTypesMarkdown({
  generatedAtMs: Date.now(),
  commit: describeCommit(REPO_ROOT),
  command: "npx tsx eval/parameterTypes/main.ts",
  split,
  settings: settings.unseenParamType,
  mixed: measureMixedParameter(split, settings),
  typed: measureTypedParameters(split, settings),
});
await writeMarkdown(OUT, markdown);
console.log(`parameter types: wrote ${OUT}`);
