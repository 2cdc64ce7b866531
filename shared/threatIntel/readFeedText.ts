import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { gunzip } from "node:zlib";

const gunzipAsync = promisify(gunzip);
const GZIP_MAGIC = [0x1f, 0x8b] as const;

/** The UTF-8 text of a feed file, decompressed first when the file is gzip (told by its magic). */
export async function readFeedText(path: string): Promise<string> {
  const bytes = await readFile(path);
  const isGzip = bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
  return (isGzip ? await gunzipAsync(bytes) : bytes).toString("utf8");
}
