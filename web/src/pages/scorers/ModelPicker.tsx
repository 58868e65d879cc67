import { useId, useState } from "preact/hooks";
import { listJudgeProviders, testJudgeProvider } from "../../api/judgeProviders";
import { useResource } from "../../api/useResource";
import { can } from "../../auth/permissions";
import { useSignedIn } from "../../auth/SessionProvider";
import { Button } from "../../ui/Button";
import { Field } from "../../ui/Field";
import { Input } from "../../ui/Input";
import { settingsPath } from "../settings/tabs";

export interface ModelPickerProps {
  value: string;
  onChange: (value: string) => void;
  error?: string;
}

/**
 * A judge's model URI, `<provider>:/<model>`: typed, with the organization's providers as
 * suggestions, and (for those who may test providers) their models listed to pick from.
 */
export function ModelPicker({ value, onChange, error }: ModelPickerProps) {
  const listId = useId();
  const { currentOrg, role } = useSignedIn();
  const orgId = currentOrg?.id ?? null;
  const [providers] = useResource(
    orgId && can.readProviders(role) ? `judge-providers:${orgId}` : null,
    (signal) => listJudgeProviders(orgId ?? "", { signal }),
  );
  const [models, setModels] = useState<string[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [loadError, setLoadError] = useState<string | null>(null);
  const names = providers.status === "ready" ? providers.data.map((provider) => provider.name) : [];

  const loadModels = async () => {
    if (!orgId || providers.status !== "ready") return;
    setLoading(true);
    setLoadError(null);
    try {
      const answers = await Promise.all(
        providers.data.map(async (provider) => ({
          provider,
          test: await testJudgeProvider(orgId, provider.id),
        })),
      );
      setModels(
        answers.flatMap(({ provider, test }) =>
          test.ok ? test.models.map((m) => `${provider.name}:/${m}`) : [],
        ),
      );
      const failed = answers.filter(({ test }) => !test.ok).map(({ provider }) => provider.name);
      if (failed.length > 0) setLoadError(`Couldn't list the models of ${failed.join(", ")}.`);
    } catch (caught) {
      setLoadError(caught instanceof Error ? caught.message : "Couldn't list the models.");
    } finally {
      setLoading(false);
    }
  };

  const noProviders = providers.status === "ready" && names.length === 0;
  return (
    <div className="model-picker">
      <Field
        label="Model"
        required
        error={error}
        hint={
          noProviders ? (
            <>
              No judge providers yet: add one in{" "}
              <a href={settingsPath("judge-providers")}>Settings → Judge providers</a>.
            </>
          ) : (
            <>
              <code>&lt;provider&gt;:/&lt;model&gt;</code>
              {names.length > 0 && <> — providers: {names.map((name) => `${name}:/`).join(", ")}</>}
            </>
          )
        }
      >
        <Input
          value={value}
          onInput={(event) => onChange(event.currentTarget.value)}
          list={listId}
          placeholder={`${names[0] ?? "openai"}:/gpt-4o-mini`}
          spellcheck={false}
          className="mono"
          data-testid="judge-model"
        />
      </Field>
      <datalist id={listId}>
        {(models ?? names.map((name) => `${name}:/`)).map((uri) => (
          <option key={uri} value={uri} />
        ))}
      </datalist>
      {can.manageProviders(role) && names.length > 0 && (
        <div className="model-picker__models">
          <Button
            size="sm"
            variant="ghost"
            loading={loading}
            onClick={() => void loadModels()}
            data-testid="list-models"
          >
            {models ? "Refresh models" : "List the providers' models"}
          </Button>
          {loadError && <span className="field__error">{loadError}</span>}
          {models && (
            <div className="template-vars" data-testid="model-options">
              {models.slice(0, 30).map((uri) => (
                <button
                  key={uri}
                  type="button"
                  className={`template-var${uri === value ? " is-used" : ""}`}
                  onClick={() => onChange(uri)}
                >
                  {uri}
                </button>
              ))}
            </div>
          )}
        </div>
      )}
    </div>
  );
}
