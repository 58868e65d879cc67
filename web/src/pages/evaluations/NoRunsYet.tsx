import { SECTION, sectionHref } from "../../app/sections";
import { Button, LinkButton } from "../../ui/Button";
import { CodeBlock } from "../../ui/CodeBlock";
import { EmptyState } from "../../ui/EmptyState";
import { IconPlus } from "../../ui/icons";

const SDK_SNIPPET = `import { evaluate } from "@sightline/sdk";

const result = await evaluate({
  name: "prompt v7",
  data: "support-golden",                     // a dataset (its current version)
  predictFn: (inputs) => answer(inputs.question), // your application, traced
  scorers: ["correctness", "mentions_refund"],  // registered scorers
});
console.log(result.url);`;

const CLI_SNIPPET = `npx sightline eval eval.config.ts --baseline latest --gate "correctness/pass_rate>=0.9"`;

/** What a run is and the three ways to start one: here, from code, from CI. */
export function NoRunsYet({ projectId, onStart }: { projectId: string; onStart: (() => void) | null }) {
  return (
    <EmptyState
      icon={SECTION.evaluations.icon}
      title="No evaluation runs yet"
      description={
        <>
          A run scores your application's outputs on every record of a <strong>dataset version</strong> with a
          set of <strong>scorers</strong> (rules and LLM judges), and keeps each score. Its metrics — pass
          rates and means with 95 % intervals — are comparable with the next run's, record by record, so you
          see whether a new prompt or model is better and which cases regressed. Start one here on a dataset's
          recorded outputs, from your code with the SDK's <code>evaluate()</code>, or in CI with{" "}
          <code>sightline eval</code>.
        </>
      }
      actions={
        <>
          {onStart && (
            <Button variant="primary" icon={IconPlus} onClick={onStart} data-testid="new-run">
              New run
            </Button>
          )}
          <LinkButton href={sectionHref(SECTION.datasets, projectId)} icon={SECTION.datasets.icon}>
            Datasets
          </LinkButton>
          <LinkButton href={sectionHref(SECTION.scorers, projectId)} icon={SECTION.scorers.icon}>
            Scorers
          </LinkButton>
        </>
      }
    >
      <div className="ev-snippets">
        <CodeBlock label="From code: the TypeScript SDK's evaluate()" code={SDK_SNIPPET} />
        <CodeBlock label="In CI: fail the build on a regression" code={CLI_SNIPPET} wrap />
      </div>
    </EmptyState>
  );
}
