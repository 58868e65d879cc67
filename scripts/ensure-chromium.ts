/**
 * Browser tests need Debian's Chromium. Installs it when missing and running as root (CI,
 * this project's machines); otherwise stops with the one command to run. Never skips.
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isMain } from "./is-main.ts";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function ensureChromium(): void {
  if (existsSync(CHROMIUM_PATH)) return;
  if (process.getuid?.() !== 0) {
    console.error(
      "Chromium is missing: run `sudo apt-get install -y chromium` (or set CHROMIUM_PATH), then npm test again.",
    );
    process.exit(1);
  }
  console.log("Chromium is missing: installing Debian's chromium package…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], { stdio: "inherit", env });
  if (!existsSync(CHROMIUM_PATH)) {
    console.error(
      `apt-get finished but ${CHROMIUM_PATH} is still missing; set CHROMIUM_PATH to the browser binary.`,
    );
    process.exit(1);
  }
}

if (isMain(import.meta.url)) ensureChromium();
