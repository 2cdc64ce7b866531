/**
 * Bounds on how much of one request the parameter extraction examines. Each keeps a hostile
 * request (thousands of parameters, megabyte values) from costing more than a normal one. What is
 * past one is not examined, so every time one is reached the extraction counts it in
 * `ParameterLimitsHit`, and the ingest reports the records that reached each
 * (`ParameterLimitCounts`) in its batch summary.
 */

/** Parameters kept per request, over query, path and body together; the rest are dropped. */
export const MAX_PARAMETERS_PER_REQUEST = 100;

/** Characters of a decoded value that are classified and hashed; longer values are cut. */
export const MAX_VALUE_CHARS_EXAMINED = 1024;

/** Characters of a decoded parameter name that are kept; longer names are cut. */
export const MAX_NAME_CHARS = 128;

/** Characters of a raw query string or body that are read at all (APIM logs at most 8,192). */
export const MAX_SOURCE_CHARS_READ = 16_384;
