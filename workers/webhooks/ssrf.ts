/**
 * Where a webhook may send. A Worker cannot resolve a name before it connects, so the guard judges
 * the URL alone: the scheme, the host as written (IP literals by range, names by suffix), the port
 * and credentials. It runs when an endpoint is created or changed (a 422 naming the problem) and
 * again before every delivery (the rules may have tightened since). Redirects are never followed
 * (delivery fetches with `redirect: "manual"`), so an allowed host cannot bounce a request inward.
 *
 * `allowLocal` (SIGHTLINE_ENV development or test, never the host name) admits `http://` and the
 * loopback host (`localhost`, 127.0.0.0/8, ::1): the tests' receiver and the demo. Private,
 * link-local and metadata addresses stay refused everywhere.
 *
 * Ports: the scheme's default, or 1024–65535 (receivers behind 8443, 8080 …). Other ports below
 * 1024 are where SMTP, SSH and other non-HTTP services listen: refused.
 *
 * Written by hand rather than with an address library (ipaddr.js would do) to add no dependency
 * for a few dozen lines: the URL parser has already normalised the forms (decimal, octal and hex
 * IPv4, IPv6 compression), so only canonical text reaches these checks.
 */
export type UrlVerdict = { ok: true; url: URL } | { ok: false; reason: string };

/** IPv4 ranges no webhook may reach: [first octets as a number, prefix length, what it is]. */
const BLOCKED_V4: [string, number, string][] = [
  ["0.0.0.0", 8, "the 'this network' range"],
  ["10.0.0.0", 8, "a private network"],
  ["100.64.0.0", 10, "carrier-grade NAT"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local (cloud metadata)"],
  ["172.16.0.0", 12, "a private network"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.168.0.0", 16, "a private network"],
  ["198.18.0.0", 15, "benchmarking"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved (and broadcast)"],
];

const BLOCKED_NAMES: [RegExp, string][] = [
  [/(^|\.)localhost$/, "localhost"],
  [/\.local$/, "a multicast-DNS (.local) name"],
  [/\.internal$/, "an internal (.internal) name"],
  [/\.home\.arpa$/, "a home network (.home.arpa) name"],
  [/\.localdomain$/, "a .localdomain name"],
];

function v4Number(text: string): number | null {
  const parts = text.split(".");
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255)) return null;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

/** Why an IPv4 address is refused, or null for a public one. */
function v4Problem(address: number): string | null {
  for (const [base, bits, what] of BLOCKED_V4) {
    const start = v4Number(base) ?? 0;
    const size = 2 ** (32 - bits);
    if (address >= start && address < start + size) return what;
  }
  return null;
}

/**
 * The eight 16-bit groups of an IPv6 address as the URL parser serialises it (hex groups, `::`
 * for the longest run of zeros; an embedded dotted quad is already rewritten as two groups), or null.
 */
function v6Groups(text: string): number[] | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const parse = (s: string) =>
    s === "" ? [] : s.split(":").map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : Number.NaN));
  const head = parse(halves[0] ?? "");
  const rest = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const given = head.length + rest.length;
  if ([...head, ...rest].some(Number.isNaN) || given > 8 || (halves.length === 1 && given !== 8)) return null;
  return [...head, ...Array<number>(8 - given).fill(0), ...rest];
}

/** Why an IPv6 address is refused, or null for a public one. */
function v6Problem(g: number[]): string | null {
  const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0, h = 0, i = 0] = g;
  const embedded = h * 65536 + i;
  if (a === 0 && b === 0 && c === 0 && d === 0 && e === 0) {
    if (f === 0xffff) return v4Problem(embedded) && `an IPv4-mapped address in ${v4Problem(embedded)}`;
    if (f === 0 && h === 0 && i <= 1) return i === 1 ? "loopback" : "the unspecified address";
    if (f === 0) return v4Problem(embedded) && `an IPv4-compatible address in ${v4Problem(embedded)}`;
  }
  // NAT64 (64:ff9b::/96) reaches the IPv4 address it embeds.
  if (a === 0x64 && b === 0xff9b && c === 0 && d === 0 && e === 0 && f === 0)
    return v4Problem(embedded) && `a NAT64 address in ${v4Problem(embedded)}`;
  if ((a & 0xfe00) === 0xfc00) return "a unique-local (private) network";
  if ((a & 0xffc0) === 0xfe80) return "link-local";
  if ((a & 0xffc0) === 0xfec0) return "site-local (private)";
  if ((a & 0xff00) === 0xff00) return "multicast";
  return null;
}

const isLoopbackHost = (host: string) =>
  host === "localhost" ||
  host.endsWith(".localhost") ||
  host === "[::1]" ||
  (v4Number(host) ?? 0) >>> 24 === 127;

/** Checks a webhook URL; `allowLocal` admits http and the loopback host (development and tests). */
export function checkWebhookUrl(raw: string, { allowLocal }: { allowLocal: boolean }): UrlVerdict {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: "is not a valid URL" };
  }
  if (url.protocol !== "https:" && url.protocol !== "http:")
    return { ok: false, reason: "must be an https:// URL" };
  if (url.username || url.password)
    return {
      ok: false,
      reason:
        "must not carry credentials (user:password@); put secrets in the path or use the signing secret",
    };
  // A trailing dot names the same host ("localhost." is localhost).
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  const local = allowLocal && isLoopbackHost(host);
  if (url.protocol === "http:" && !local) return { ok: false, reason: "must be an https:// URL" };
  if (url.port !== "") {
    const port = Number(url.port);
    if (port < 1024 && !local)
      return { ok: false, reason: `must not use port ${port} (use 443 or a port from 1024 up)` };
  }
  if (local) return { ok: true, url };
  if (host.startsWith("[")) {
    const groups = v6Groups(host.slice(1, -1));
    const problem = groups ? v6Problem(groups) : "an IPv6 address that cannot be read";
    return problem ? { ok: false, reason: `must not point at ${problem} (${host})` } : { ok: true, url };
  }
  const v4 = v4Number(host);
  if (v4 !== null) {
    const problem = v4Problem(v4);
    return problem ? { ok: false, reason: `must not point at ${problem} (${host})` } : { ok: true, url };
  }
  for (const [pattern, what] of BLOCKED_NAMES)
    if (pattern.test(host)) return { ok: false, reason: `must not point at ${what} (${host})` };
  if (!host.includes("."))
    return { ok: false, reason: `must name a public host, not a single-label name (${host})` };
  return { ok: true, url };
}
