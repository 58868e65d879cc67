/** The SSRF guard, as a table: each URL, whether production takes it, and whether development does. */
import { describe, expect, it } from "vitest";
import { checkWebhookUrl } from "./ssrf";

type Row = [url: string, production: boolean, development: boolean, why?: RegExp];

const TABLE: Row[] = [
  // Public https: fine everywhere.
  ["https://hooks.example.com/sightline", true, true],
  ["https://hooks.slack.com/services/T000/B000/XXXX", true, true],
  ["https://events.pagerduty.com/v2/enqueue", true, true],
  ["https://hooks.example.com:8443/x", true, true],
  ["https://93.184.215.14/hook", true, true],
  ["https://[2606:4700::6810:85e5]/hook", true, true],
  // Scheme, credentials and ports.
  ["http://hooks.example.com/x", false, false, /https/],
  ["ftp://hooks.example.com/x", false, false, /https/],
  ["not a url", false, false, /valid URL/],
  ["https://user:pass@hooks.example.com/x", false, false, /credentials/],
  ["https://token@hooks.example.com/x", false, false, /credentials/],
  ["https://hooks.example.com:25/x", false, false, /port 25/],
  ["https://hooks.example.com:22/x", false, false, /port 22/],
  // Loopback: only the local allowance, by environment, never by name.
  ["http://localhost:8787/hook", false, true, /https/],
  ["https://localhost/hook", false, true, /localhost/],
  ["https://api.localhost/hook", false, true, /localhost/],
  ["https://LOCALHOST./hook", false, true, /localhost/],
  ["http://127.0.0.1:9000/hook", false, true],
  ["https://127.0.0.1/hook", false, true, /loopback/],
  ["https://127.1.2.3/hook", false, true, /loopback/],
  ["https://[::1]/hook", false, true, /loopback/],
  // The URL parser's other spellings of 127.0.0.1: decimal, hex, octal, short forms.
  ["https://2130706433/hook", false, true, /loopback/],
  ["https://0x7f000001/hook", false, true, /loopback/],
  ["https://0177.0.0.1/hook", false, true, /loopback/],
  ["https://127.1/hook", false, true, /loopback/],
  // Private, link-local, CGNAT, metadata, multicast, broadcast: refused everywhere.
  ["https://10.0.0.5/hook", false, false, /private/],
  ["https://172.16.0.1/hook", false, false, /private/],
  ["https://172.31.255.255/hook", false, false, /private/],
  ["https://192.168.1.10/hook", false, false, /private/],
  ["https://169.254.169.254/latest/meta-data", false, false, /link-local/],
  ["https://0xa9fea9fe/latest", false, false, /link-local/],
  ["https://100.64.0.1/hook", false, false, /carrier-grade/],
  ["https://100.127.255.255/hook", false, false, /carrier-grade/],
  ["https://0.0.0.0/hook", false, false, /this network/],
  ["https://0/hook", false, false, /this network/],
  ["https://224.0.0.1/hook", false, false, /multicast/],
  ["https://255.255.255.255/hook", false, false, /broadcast/],
  ["https://[fc00::1]/hook", false, false, /unique-local/],
  ["https://[fd00:ec2::254]/latest", false, false, /unique-local/],
  ["https://[fe80::1]/hook", false, false, /link-local/],
  ["https://[ff02::1]/hook", false, false, /multicast/],
  ["https://[::]/hook", false, false, /unspecified/],
  ["https://[::ffff:127.0.0.1]/hook", false, false, /IPv4-mapped.*loopback/],
  ["https://[::ffff:169.254.169.254]/hook", false, false, /IPv4-mapped.*link-local/],
  ["https://[::ffff:10.1.2.3]/hook", false, false, /IPv4-mapped.*private/],
  ["https://[64:ff9b::a9fe:a9fe]/hook", false, false, /NAT64/],
  // Neighbours of the ranges stay public.
  ["https://172.32.0.1/hook", true, true],
  ["https://100.128.0.1/hook", true, true],
  ["https://[::ffff:93.184.215.14]/hook", true, true],
  // Names that only mean something inside a network.
  ["https://printer.local/hook", false, false, /\.local/],
  ["https://metadata.google.internal/computeMetadata", false, false, /\.internal/],
  ["https://router.home.arpa/hook", false, false, /home\.arpa/],
  ["https://intranet/hook", false, false, /single-label/],
  ["https://box.localdomain/hook", false, false, /localdomain/],
];

describe("the webhook SSRF guard", () => {
  it.each(TABLE)("%s: production %s, development %s", (url, production, development, why) => {
    const prod = checkWebhookUrl(url, { allowLocal: false });
    const dev = checkWebhookUrl(url, { allowLocal: true });
    expect(prod.ok).toBe(production);
    expect(dev.ok).toBe(development);
    if (why && !prod.ok) expect(prod.reason).toMatch(why);
  });
});
