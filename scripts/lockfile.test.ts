import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// `npm ci` refuses a lockfile that lacks any platform's optional package (workerd, biome and
// esbuild ship one per OS), even on a platform that never installs it. An `npm install` on one
// machine can leave those out when it runs from a trimmed cache; this keeps CI's `npm ci` honest.
interface LockedPackage {
  optionalDependencies?: Record<string, string>;
}
const lock = JSON.parse(readFileSync(new URL("../package-lock.json", import.meta.url), "utf8")) as {
  packages: Record<string, LockedPackage>;
};

/** Where npm would resolve `name` from the package at `path`: its own node_modules, then each parent's. */
function resolves(path: string, name: string): boolean {
  let at = path;
  for (;;) {
    const candidate = at ? `${at}/node_modules/${name}` : `node_modules/${name}`;
    if (candidate in lock.packages) return true;
    if (!at) return false;
    const up = at.lastIndexOf("/node_modules/");
    at = up < 0 ? "" : at.slice(0, up);
  }
}

describe("package-lock.json", () => {
  it("lists every optional dependency of every locked package, so npm ci accepts it on any platform", () => {
    const missing: string[] = [];
    for (const [path, pkg] of Object.entries(lock.packages)) {
      for (const name of Object.keys(pkg.optionalDependencies ?? {})) {
        if (!resolves(path, name)) missing.push(`${path || "(root)"} → ${name}`);
      }
    }
    expect(missing, "run `npm install` with a full registry and commit the lockfile").toEqual([]);
  });
});
