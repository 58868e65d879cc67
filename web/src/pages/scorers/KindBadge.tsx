import type { ScorerDefinition } from "../../api/scorers";
import { Badge } from "../../ui/Badge";
import { builtinInfo } from "./builtinJudges";

/** What kind of scorer a definition is: a rule and its kind, a built-in judge and which, or a custom judge. */
export function KindBadge({ definition }: { definition: ScorerDefinition }) {
  if (definition.type === "rule")
    return (
      <Badge>
        rule · <span className="mono">{definition.rule.kind}</span>
      </Badge>
    );
  if (definition.type === "builtin")
    return (
      <Badge tone="accent">
        <span data-testid="kind-builtin">built-in · {builtinInfo(definition.judge).label}</span>
      </Badge>
    );
  return <Badge tone="accent">custom LLM judge</Badge>;
}
