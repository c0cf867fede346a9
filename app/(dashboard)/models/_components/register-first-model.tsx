import { ButtonLink } from "@/components/ui/button";
import { EmptyState } from "@/components/ui/empty-state";

/**
 * The models page of an empty registry: models are created by CI registering their first
 * version, so the next step is a pipeline command, not a form.
 */
export function RegisterFirstModel({ origin, canManageTokens }: { origin: string; canManageTokens: boolean }) {
  const command = [
    `export ROLLGATE_URL=${origin}`,
    "export ROLLGATE_TOKEN=<an API token with the registry:write scope>",
    "npx rollgate register manifest.yaml",
  ].join("\n");
  return (
    <EmptyState
      title="No models registered yet"
      code={command}
      codeTitle="In your model's CI pipeline"
      action={
        canManageTokens ? (
          <ButtonLink href="/settings/tokens" variant="primary">
            Create an API token
          </ButtonLink>
        ) : undefined
      }
    >
      <p>
        A model appears here when CI registers its first version. Describe the version in a manifest (artifact, schema, runtime, limits,
        rollout) and register it from the pipeline that builds it; run{" "}
        <code className="font-mono text-[13px]">npx rollgate validate manifest.yaml</code> first for a dry run with the same checks.
      </p>
      <p className="mt-2">
        {canManageTokens ? "The token comes from Settings → API tokens." : "Ask an administrator for a token from Settings → API tokens."}
      </p>
    </EmptyState>
  );
}
