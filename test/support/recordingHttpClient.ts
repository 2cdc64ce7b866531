import { gunzipSync } from "node:zlib";
import {
  createHttpHeaders,
  type HttpClient,
  type PipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";

/** A request as it left the SDK pipeline, body still encoded. */
export interface RecordedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CannedResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string;
}

/** Decides the response to a request; `attempt` counts requests already answered, from 0. */
export type Responder = (request: RecordedRequest, attempt: number) => CannedResponse;

export interface RecordingHttpClient extends HttpClient {
  readonly requests: RecordedRequest[];
}

/** An `HttpClient` for SDK client options that records every request and answers as told. */
export function createRecordingHttpClient(
  respond: Responder = () => ({ status: 204 }),
): RecordingHttpClient {
  const requests: RecordedRequest[] = [];

  async function sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
    const recorded: RecordedRequest = {
      method: request.method,
      url: request.url,
      headers: request.headers.toJSON(),
      body: bodyBytesOf(request),
    };
    const canned = respond(recorded, requests.length);
    requests.push(recorded);
    return {
      request,
      status: canned.status,
      headers: createHttpHeaders(canned.headers),
      bodyAsText: canned.body,
    };
  }

  return { requests, sendRequest };
}

/** The JSON array a gzipped Logs Ingestion request carries. */
export function gunzippedRows(request: RecordedRequest): Record<string, unknown>[] {
  return JSON.parse(gunzipSync(request.body).toString("utf8")) as Record<string, unknown>[];
}

function bodyBytesOf(request: PipelineRequest): Buffer {
  const body = request.body;
  if (typeof body === "string") return Buffer.from(body, "utf8");
  if (body instanceof Uint8Array) return Buffer.from(body);
  throw new Error(`request body of type ${typeof body} is not recordable; expected bytes or text`);
}
