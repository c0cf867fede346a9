import type { Metadata } from "next";
import { Card } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { SCOPE_DESCRIPTIONS, TOKEN_SCOPES } from "@/lib/auth/permissions";
import { requirePageUser } from "@/lib/auth/session";
import { listTokens } from "@/lib/auth/tokens-service";
import { db } from "@/lib/db";
import { CreateTokenForm } from "./_components/create-token-form";
import { TokensTable } from "./_components/tokens-table";

export const metadata: Metadata = { title: "API tokens" };
export const dynamic = "force-dynamic";

export default async function TokensPage() {
  await requirePageUser("tokens:manage");
  const tokens = await listTokens(db());
  const scopes = TOKEN_SCOPES.map((scope) => ({ scope, description: SCOPE_DESCRIPTIONS[scope] }));
  const active = tokens.filter((t) => t.status === "active").length;
  return (
    <>
      <PageHeader
        title="API tokens"
        breadcrumbs={[{ label: "Settings", href: "/settings" }, { label: "API tokens" }]}
        description={
          <>
            CI jobs, inference services and automation send a token as{" "}
            <code className="rounded bg-slate-100 px-1 font-mono text-[13px]">Authorization: Bearer &lt;token&gt;</code>. Give each client
            its own token with only the scopes it needs, so one can be revoked without breaking the others.
          </>
        }
      />
      <div className="space-y-6">
        <Card id="create-token" title="Create a token">
          <CreateTokenForm scopes={scopes} />
        </Card>
        <Card
          id="tokens"
          title="Tokens"
          description={`${active} active of ${tokens.length}. Revoked and expired tokens stay listed for the record.`}
          flush
        >
          <TokensTable tokens={tokens} />
        </Card>
      </div>
    </>
  );
}
