import { templatePath } from "../parsing/endpoint.js";
import { decodeComponent } from "./decodeComponent.js";
import type { RawParameter } from "./rawParameter.js";

/**
 * The path segments that hold values rather than route words, named by position: in
 * `/users/42/orders/9f1c…`, `{path:2}` is `42` and `{path:4}` is the UUID. The route template is
 * not in the logs, so a segment is a parameter when its shape is an id's: the same test that
 * `templatePath` applies to endpoint keys (numbers, UUIDs, long hex, generated tokens). Known
 * limit: values that read like words (`/users/alice`) are taken for route words.
 */
export function pathParameters(path: string, maxParameters: number): RawParameter[] {
  const parameters: RawParameter[] = [];
  const segments = path.split("/").filter((segment) => segment !== "");
  for (let index = 0; index < segments.length && parameters.length < maxParameters; index += 1) {
    const segment = segments[index]!;
    if (!isIdSegment(segment)) continue;
    parameters.push({
      name: `{path:${index + 1}}`,
      location: "path",
      value: decodeComponent(segment, false),
    });
  }
  return parameters;
}

/** Reuses the endpoint templating so the two never disagree on what an id looks like. */
function isIdSegment(segment: string): boolean {
  return templatePath(segment) !== segment;
}
