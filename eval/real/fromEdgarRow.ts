/**
 * SEC EDGAR log rows (`ip,date,time,zone,cik,accession,extention,code,size,...`) as Apache
 * common-log lines, which gatewarden's access-log reader accepts.
 */

/** The EDGAR columns the conversion uses, as text from the CSV. */
export interface EdgarRow {
  ip: string;
  date: string;
  time: string;
  zone: string;
  cik: string;
  accession: string;
  extention: string;
  code: string;
  size: string;
}

const COLUMNS = ["ip", "date", "time", "zone", "cik", "accession", "extention", "code", "size"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const ANONYMISED_OCTET = /^[a-j]{3}$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^\d{2}:\d{2}:\d{2}$/;

/** Checks that `header` starts with the EDGAR columns, naming the first that differs. */
export function checkEdgarHeader(header: string): void {
  const names = header.trim().split(",");
  COLUMNS.forEach((column, index) => {
    if (names[index] !== column) {
      throw new Error(
        `EDGAR header: expected column ${index + 1} to be ${column}, got ${JSON.stringify(names[index])}`,
      );
    }
  });
}

/** Splits one CSV line into its EDGAR columns (the file quotes nothing). */
export function parseEdgarLine(line: string): EdgarRow {
  const cells = line.split(",");
  if (cells.length < COLUMNS.length) {
    throw new Error(`expected at least ${COLUMNS.length} columns, got ${cells.length}`);
  }
  const [ip, date, time, zone, cik, accession, extention, code, size] = cells as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  return { ip, date, time, zone, cik, accession, extention, code, size };
}

/**
 * The SEC replaced each address's last octet with three letters from a to j (`ihd`). They are
 * read as decimal digits (a = 0 … j = 9) and taken modulo 256, so the same token always gives the
 * same octet; tokens 256 apart share one, which merges a few clients within a /24.
 */
export function edgarOctet(token: string): number {
  if (!ANONYMISED_OCTET.test(token)) {
    throw new Error(`expected three letters a-j as the last octet, got ${JSON.stringify(token)}`);
  }
  const digits = [...token].map((letter) => letter.charCodeAt(0) - 97).join("");
  return Number(digits) % 256;
}

/** `104.197.32.ihd` → `104.197.32.105`. */
export function edgarClientIp(ip: string): string {
  const parts = ip.split(".");
  if (parts.length !== 4)
    throw new Error(`expected an address a.b.c.xyz, got ${JSON.stringify(ip)}`);
  return [...parts.slice(0, 3), String(edgarOctet(parts[3]!))].join(".");
}

/**
 * The document path as EDGAR serves it: `/Archives/edgar/data/<cik>/<accession without
 * dashes>/` followed by the file, where an extension that starts with `.` or `-` is a suffix of
 * the accession number (`0001193125-12-324016-index.htm`) and anything else is a file name.
 */
export function edgarPath(row: Pick<EdgarRow, "cik" | "accession" | "extention">): string {
  const cik = String(Math.trunc(Number(row.cik)));
  const folder = row.accession.replaceAll("-", "");
  const file = /^[.-]/.test(row.extention) ? `${row.accession}${row.extention}` : row.extention;
  return `/Archives/edgar/data/${cik}/${folder}/${encodeURI(file)}`;
}

/**
 * One Apache common-log line, or null when the row has no HTTP status (EDGAR logs code 0 for
 * requests that got no response). Throws naming the column when a value cannot be read.
 */
export function toAccessLogLine(row: EdgarRow): string | null {
  const status = Number(row.code);
  if (!Number.isInteger(status) || status < 100 || status > 599) return null;
  const size = Number(row.size);
  const bytes = row.size === "" || !Number.isFinite(size) ? "-" : String(Math.trunc(size));
  const host = edgarClientIp(row.ip);
  return `${host} - - [${logTime(row)}] "GET ${edgarPath(row)} HTTP/1.1" ${status} ${bytes}`;
}

function logTime(row: EdgarRow): string {
  const date = DATE.exec(row.date);
  if (date === null) throw new Error(`date: expected YYYY-MM-DD, got ${JSON.stringify(row.date)}`);
  if (!TIME.test(row.time))
    throw new Error(`time: expected HH:MM:SS, got ${JSON.stringify(row.time)}`);
  const month = MONTHS[Number(date[2]) - 1];
  if (month === undefined) throw new Error(`date: no month ${date[2]} in ${row.date}`);
  return `${date[3]}/${month}/${date[1]}:${row.time} ${zoneText(row.zone)}`;
}

// EDGAR's zone column is the offset as a number of hours and minutes, e.g. 0.0 or -500.0.
function zoneText(zone: string): string {
  const offset = Math.trunc(Number(zone));
  if (!Number.isFinite(offset))
    throw new Error(`zone: expected a number, got ${JSON.stringify(zone)}`);
  const sign = offset < 0 ? "-" : "+";
  return `${sign}${String(Math.abs(offset)).padStart(4, "0")}`;
}
