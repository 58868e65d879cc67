import { NeedBadges } from "./NeedBadges";
import { NEED_LABEL, RULE_KINDS } from "./ruleKinds";

/** The built-in rule kinds and what each needs, so people know which can score their data. */
export function RuleCatalog() {
  return (
    <section className="catalog" aria-labelledby="rule-catalog-title" data-testid="rule-catalog">
      <h2 id="rule-catalog-title" className="catalog__title">
        Built-in rules
      </h2>
      <p className="muted catalog__intro">
        Rules need no model and run no code of yours. A rule that cannot apply (no expectation, no trace)
        answers an error, never a default score.
      </p>
      <ul className="catalog__list">
        {RULE_KINDS.map((info) => (
          <li key={info.kind} className="catalog__item" data-testid="rule-kind" data-kind={info.kind}>
            <span className="catalog__name">
              {info.label} <code>{info.kind}</code>
            </span>
            <span className="muted">{info.summary}</span>
            <NeedBadges needs={info.needs.map((need) => NEED_LABEL[need])} />
          </li>
        ))}
      </ul>
    </section>
  );
}
