import { Alert } from "../../../ui/Alert";
import { CodeBlock } from "../../../ui/CodeBlock";
import { SecretBlock } from "../../../ui/SecretBlock";

const VERIFY_SNIPPET = `import { Webhook } from "standardwebhooks";

const wh = new Webhook(process.env.SIGHTLINE_WEBHOOK_SECRET); // "whsec_…"
// On the raw body: throws on a bad signature or a stale timestamp.
const event = wh.verify(rawBody, request.headers);`;

/**
 * A Standard Webhooks signing secret, shown the one time the API returns it (creation or rotation),
 * with how to check a signature. The README's "Webhooks" section has the same snippet; the
 * dashboard has no docs site to link to, so the hint names it and the spec's site.
 */
export function SigningSecret({ secret, rotated }: { secret: string; rotated?: boolean }) {
  return (
    <div className="form" data-testid="webhook-secret-panel">
      <Alert tone="warning" title="Copy the signing secret now. It will not be shown again.">
        {rotated
          ? "The old secret stopped signing at once: give this one to your receiver."
          : "Your receiver needs it to verify that events come from Sightline."}{" "}
        If it is lost, rotate the secret to get a new one.
      </Alert>
      <SecretBlock
        value={secret}
        label="signing secret"
        valueTestId="webhook-secret"
        copyTestId="copy-webhook-secret"
      />
      <p className="wh-verify" data-testid="webhook-verify-hint">
        <strong>Verify it</strong> on the raw request body with the{" "}
        <a href="https://www.standardwebhooks.com/" target="_blank" rel="noreferrer">
          Standard Webhooks
        </a>{" "}
        package (<code>npm install standardwebhooks</code>), as in the README's <em>Webhooks</em> section.
        Dedupe on the <code>webhook-id</code> header: it is the same on every retry.
      </p>
      <CodeBlock label="Verify a signed event (TypeScript)" code={VERIFY_SNIPPET} wrap />
    </div>
  );
}
