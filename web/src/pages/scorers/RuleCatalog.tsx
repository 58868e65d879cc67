import { Badge } from "../../ui/Badge";
import { NEED_LABEL, RULE_KINDS } from "./ruleKinds";

/** The built-in rule kinds and what each needs, so people know which can score their data. */
export function RuleCatalog() {
  return (
    <section className="rule-catalog" aria-labelledby="rule-catalog-title" data-testid="rule-catalog">
      <h2 id="rule-catalog-title" className="rule-catalog__title">
        Built-in rules
      </h2>
      <p className="muted rule-catalog__intro">
        Rules need no model and run no code of yours. A rule that cannot apply (no expectation, no trace)
        answers an error, never a default score.
      </p>
      <ul className="rule-catalog__list">
        {RULE_KINDS.map((info) => (
          <li key={info.kind} className="rule-catalog__item" data-testid="rule-kind" data-kind={info.kind}>
            <span className="rule-catalog__name">
              {info.label} <code>{info.kind}</code>
            </span>
            <span className="muted">{info.summary}</span>
            <span className="badge-list">
              {info.needs.map((need) => (
                <Badge key={need} tone={need === "outputs" ? "neutral" : "info"}>
                  needs {NEED_LABEL[need]}
                </Badge>
              ))}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
