import { describe, expect, it } from "vitest";
import { driveCrons, everyMinutes } from "./local-cron.ts";

describe("local cron driver", () => {
  it("follows every-N-minutes crons and refuses the rest", () => {
    expect(everyMinutes("*/5 * * * *")).toBe(5);
    expect(everyMinutes("* * * * *")).toBe(1);
    expect(everyMinutes("0 * * * *")).toBeNull();
    expect(everyMinutes("*/5 3 * * *")).toBeNull();
    expect(everyMinutes("*/0 * * * *")).toBeNull();
  });

  it("fires each cron it can follow at once, and reports the others and any failure", async () => {
    const fired: string[] = [];
    const log: string[] = [];
    const stop = driveCrons(
      {
        crons: ["*/5 * * * *", "0 3 * * *", "* * * * *"],
        async scheduled(cron) {
          fired.push(cron);
          if (cron === "* * * * *") throw new Error("handler threw");
        },
      },
      (line) => log.push(line),
    );
    stop();
    await new Promise((r) => setTimeout(r, 0));
    expect(fired).toEqual(["*/5 * * * *", "* * * * *"]);
    expect(log).toEqual([
      'cron "0 3 * * *" is not run locally (only every-N-minutes crons are)',
      'cron "* * * * *" failed: Error: handler threw',
    ]);
  });
});
