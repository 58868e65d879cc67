import type { PromptVersion } from "../../api/prompts";
import { Card } from "../../ui/Card";
import { Field } from "../../ui/Field";
import { Select } from "../../ui/Input";
import { TextDiff } from "../evaluations/TextDiff";
import { messageTexts } from "./template";

const json = (value: unknown) => (value === null ? "(none)" : JSON.stringify(value, null, 2));

/** The template's parts paired by position: message 1 with message 1, and so on (a missing one is empty). */
function pairedParts(a: PromptVersion, b: PromptVersion) {
  const left = messageTexts(a.template);
  const right = messageTexts(b.template);
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => ({
    label: right[i]?.label ?? left[i]?.label ?? "",
    before: left[i]?.text ?? "",
    after: right[i]?.text ?? "",
    beforeLabel: left[i]?.label ?? "(no message)",
    afterLabel: right[i]?.label ?? "(no message)",
  }));
}

/** Two versions side by side: the template (per message for chat), the model config and the response format. */
export function CompareView({
  versions,
  from,
  to,
  onPick,
}: {
  versions: readonly PromptVersion[];
  from: number | null;
  to: number | null;
  onPick: (from: number, to: number) => void;
}) {
  const newest = versions[0]?.version ?? 1;
  const a =
    versions.find((v) => v.version === (from ?? Math.max(1, newest - 1))) ?? versions[versions.length - 1];
  const b = versions.find((v) => v.version === (to ?? newest)) ?? versions[0];
  if (!a || !b) return null;
  const options = versions.map((v) => ({
    value: String(v.version),
    label: `v${v.version} ${v.message ? `— ${v.message}` : ""}`,
  }));
  return (
    <div className="pr-compare" data-testid="prompt-compare">
      <div className="pr-compare__pick">
        <Field label="From">
          <Select
            options={options}
            value={String(a.version)}
            onChange={(event) => onPick(Number(event.currentTarget.value), b.version)}
            data-testid="compare-from"
          />
        </Field>
        <Field label="To">
          <Select
            options={options}
            value={String(b.version)}
            onChange={(event) => onPick(a.version, Number(event.currentTarget.value))}
            data-testid="compare-to"
          />
        </Field>
      </div>
      <Card title="Template">
        {pairedParts(a, b).map((part) => (
          <TextDiff
            key={part.label}
            before={part.before}
            after={part.after}
            beforeTitle={`v${a.version} · ${part.beforeLabel}`}
            afterTitle={`v${b.version} · ${part.afterLabel}`}
            emptyText="(empty)"
            sameText="(unchanged)"
          />
        ))}
      </Card>
      <Card title="Model config">
        <TextDiff
          before={json(a.modelConfig)}
          after={json(b.modelConfig)}
          beforeTitle={`v${a.version}`}
          afterTitle={`v${b.version}`}
          emptyText="(empty)"
          sameText="(unchanged)"
        />
      </Card>
      <Card title="Response format">
        <TextDiff
          before={json(a.responseFormat)}
          after={json(b.responseFormat)}
          beforeTitle={`v${a.version}`}
          afterTitle={`v${b.version}`}
          emptyText="(empty)"
          sameText="(unchanged)"
        />
      </Card>
    </div>
  );
}
