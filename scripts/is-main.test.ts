import { execFileSync } from "node:child_process";
import { mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// A folder whose path has a space and non-ASCII characters, which a `file://${argv[1]}`
// comparison gets wrong (the URL percent-encodes them).
let dir: string;
const run = (...args: string[]) => execFileSync(process.execPath, args, { encoding: "utf8" }).trim();

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "is main ü-"));
  const helper = new URL("./is-main.ts", import.meta.url).href;
  await writeFile(
    join(dir, "probe.ts"),
    `import { isMain } from ${JSON.stringify(helper)};\nconsole.log(isMain(import.meta.url) ? "main" : "imported");\n`,
  );
  await writeFile(join(dir, "importer.ts"), `import "./probe.ts";\n`);
  await symlink(join(dir, "probe.ts"), join(dir, "linked probe.ts"));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("isMain", () => {
  it("is true for the script node was started with, even with spaces and non-ASCII in its path", () => {
    expect(run(join(dir, "probe.ts"))).toBe("main");
  });

  it("is true when the script is started through a symlink", () => {
    expect(run(join(dir, "linked probe.ts"))).toBe("main");
  });

  it("is false when the module is imported by another script", () => {
    expect(run(join(dir, "importer.ts"))).toBe("imported");
  });
});
