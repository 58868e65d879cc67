import { describe, expect, it } from "vitest";
import { differingParams, paramChanges, runParams, setupChanges, shortRunId } from "./runParams";
import { scorerOrder } from "./runScores";

describe("runParams", () => {
  it("flattens nested params with dotted keys, values as text, then the tags", () => {
    const params = runParams({
      params: {
        model: "gpt-4o-mini",
        prompt: { name: "support", version: 7 },
        temperature: 0.2,
        stream: false,
      },
      tags: { branch: "main" },
    });
    expect(params).toEqual([
      { key: "model", text: "gpt-4o-mini", tag: false },
      { key: "prompt.name", text: "support", tag: false },
      { key: "prompt.version", text: "7", tag: false },
      { key: "temperature", text: "0.2", tag: false },
      { key: "stream", text: "false", tag: false },
      { key: "branch", text: "main", tag: true },
    ]);
  });

  it("shows arrays, null, empty and deep objects as JSON", () => {
    const params = runParams({
      params: { stops: ["\n"], seed: null, extra: {}, a: { b: { c: { d: 1 } } } },
      tags: {},
    });
    expect(params.map((p) => [p.key, p.text])).toEqual([
      ["stops", '["\\n"]'],
      ["seed", "null"],
      ["extra", "{}"],
      ["a.b.c", '{"d":1}'],
    ]);
  });
});

describe("differingParams and paramChanges", () => {
  const baseline = runParams({
    params: { prompt: "support", answerModel: "gpt-4o-mini", promptSha256: "1a2b" },
    tags: { branch: "main" },
  });
  const candidate = runParams({
    params: { prompt: "terse", answerModel: "gpt-4o-mini", promptSha256: "9f8e", appVersion: "1.4.0" },
    tags: { branch: "main" },
  });

  it("finds the params whose values differ, a key one run lacks included", () => {
    expect([...differingParams([baseline, candidate])].sort()).toEqual([
      "param:appVersion",
      "param:prompt",
      "param:promptSha256",
    ]);
  });

  it("keeps a param and a tag of the same name apart", () => {
    const a = runParams({ params: { env: "prod" }, tags: { env: "prod" } });
    const b = runParams({ params: { env: "prod" }, tags: { env: "staging" } });
    expect([...differingParams([a, b])]).toEqual(["tag:env"]);
  });

  it("finds nothing when the runs recorded the same, or nothing", () => {
    expect(differingParams([baseline, baseline]).size).toBe(0);
    expect(differingParams([[], []]).size).toBe(0);
    expect(paramChanges([], [])).toEqual([]);
  });

  it("says what changed from the baseline to the candidate: before → after, new keys last", () => {
    expect(paramChanges(baseline, candidate)).toEqual([
      { key: "prompt", tag: false, before: "support", after: "terse" },
      { key: "promptSha256", tag: false, before: "1a2b", after: "9f8e" },
      { key: "appVersion", tag: false, before: null, after: "1.4.0" },
    ]);
    expect(paramChanges(candidate, baseline).at(-1)).toEqual({
      key: "appVersion",
      tag: false,
      before: "1.4.0",
      after: null,
    });
  });
});

describe("setupChanges", () => {
  const setup = {
    source: "dataset" as const,
    dataset: { id: "ds_1", version: 1 },
    scorers: [{ scorerId: "scr_1", versionId: "scv_0000aaaaaa", name: "helpfulness" }],
    codeScorers: ["brief"],
    repeats: 1,
  };

  it("finds nothing between runs set up alike", () => {
    expect(setupChanges(setup, { ...setup })).toEqual([]);
  });

  it("names another dataset version, another scorer version, a scorer one run lacks, and the repeats", () => {
    expect(
      setupChanges(setup, {
        ...setup,
        dataset: { id: "ds_1", version: 2 },
        scorers: [{ scorerId: "scr_1", versionId: "scv_0000bbbbbb", name: "helpfulness" }],
        codeScorers: [],
        repeats: 3,
      }),
    ).toEqual([
      { key: "dataset version", tag: false, before: "1", after: "2" },
      { key: "scorer helpfulness", tag: false, before: "version …aaaaaa", after: "version …bbbbbb" },
      { key: "scorer brief", tag: false, before: "code", after: null },
      { key: "repeats", tag: false, before: "1", after: "3" },
    ]);
  });

  it("names another dataset, or other data", () => {
    expect(setupChanges(setup, { ...setup, dataset: { id: "ds_2", version: 1 } })[0]).toEqual({
      key: "data",
      tag: false,
      before: "dataset ds_1",
      after: "dataset ds_2",
    });
    expect(setupChanges(setup, { ...setup, source: "records", dataset: null })[0]?.after).toBe("records");
  });
});

describe("shortRunId", () => {
  it("keeps the type and the last eight characters of a ULID, which differ between runs", () => {
    expect(shortRunId("run_01m95qfmdm3er35pke9smqt0ta")).toBe("run_…9smqt0ta");
    expect(shortRunId("run_01m95qg2y852ra3e6nzdhgy1s5")).toBe("run_…zdhgy1s5");
    expect(shortRunId("run_short")).toBe("run_short");
    expect(shortRunId("0123456789abcdef")).toBe("…89abcdef");
  });
});

describe("scorerOrder", () => {
  it("puts the scorers that changed first, then the others by name, each once", () => {
    expect(
      scorerOrder(
        [{ scorer: "correctness" }],
        [[{ scorer: "polite" }, { scorer: "correctness" }, { scorer: "brief" }], [{ scorer: "polite" }]],
      ),
    ).toEqual(["correctness", "brief", "polite"]);
  });
});
