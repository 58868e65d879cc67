import type { BuiltinJudge } from "../../api/scorers";
import { useProject } from "../../auth/SessionProvider";
import { Checkbox } from "../../ui/Checkbox";
import { Field } from "../../ui/Field";
import { Select } from "../../ui/Input";
import { BUILTIN_JUDGE_INFO, BUILTIN_JUDGES } from "./builtinJudges";
import { GuidelinesEditor } from "./GuidelinesEditor";
import { ModelPicker } from "./ModelPicker";
import { NeedBadges } from "./NeedBadges";
import type { DraftFormProps } from "./RuleForm";
import { useScorerKinds } from "./useScorerKinds";

const SCOPES = [
  { scope: "trace", label: "On a trace or record" },
  { scope: "session", label: "On a session (its turns in order)" },
] as const;

/** What the judge asks (the server's words) and what it reads. */
function JudgeSummary({ judge }: { judge: BuiltinJudge }) {
  const project = useProject();
  const [kinds] = useScorerKinds(project.id);
  const info = BUILTIN_JUDGE_INFO[judge];
  const description =
    kinds.status === "ready" ? kinds.data.judges.find((entry) => entry.judge === judge)?.description : null;
  return (
    <div className="builtin-summary" data-testid="builtin-summary">
      {description && <p className="builtin-summary__description">{description}</p>}
      <NeedBadges needs={info.needs} />
      {info.scope === "session" && (
        <p className="field__hint">
          Scored on a session: in the playground pick “A session”; from code, give{" "}
          <code>target: {"{ sessionId }"}</code>.
        </p>
      )}
    </div>
  );
}

/** A built-in judge: which one, its model, and the options that judge takes. */
export function BuiltinForm({
  draft,
  set,
  errors,
  onJudge,
  readOnly,
}: DraftFormProps & { onJudge: (judge: BuiltinJudge) => void; readOnly: boolean }) {
  const option = BUILTIN_JUDGE_INFO[draft.judge].option;
  return (
    <div className="form" data-testid="builtin-form">
      <Field label="Built-in judge" required error={errors.judge}>
        <Select
          value={draft.judge}
          onChange={(e) => onJudge(e.currentTarget.value as BuiltinJudge)}
          data-testid="builtin-judge"
        >
          {SCOPES.map(({ scope, label }) => (
            <optgroup key={scope} label={label}>
              {BUILTIN_JUDGES.filter((judge) => BUILTIN_JUDGE_INFO[judge].scope === scope).map((judge) => (
                <option key={judge} value={judge}>
                  {`${BUILTIN_JUDGE_INFO[judge].label} (${judge})`}
                </option>
              ))}
            </optgroup>
          ))}
        </Select>
      </Field>
      <JudgeSummary judge={draft.judge} />
      {option === "guidelines" && (
        <GuidelinesEditor
          value={draft.guidelines}
          onChange={(guidelines) => set({ guidelines })}
          errors={errors}
          readOnly={readOnly}
        />
      )}
      {option === "exact" && (
        <Checkbox
          checked={draft.exact}
          onChange={(exact) => set({ exact })}
          label="Exact: compare with expected_tool_calls without a model"
          description="Names in order, and the arguments given in the expectation; no call, no cost. Without an expectation the model judges."
          data-testid="builtin-exact"
        />
      )}
      <ModelPicker value={draft.model} onChange={(model) => set({ model })} error={errors.model} />
    </div>
  );
}
