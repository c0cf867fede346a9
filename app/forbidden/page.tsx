import type { Metadata } from "next";
import { ButtonLink } from "@/components/ui/button";
import { StatusPage } from "@/components/ui/status-page";
import { PERMISSIONS, type Permission } from "@/lib/auth/permissions";
import { getSessionUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Not allowed" };
export const dynamic = "force-dynamic";

const isPermission = (v: string | undefined): v is Permission => !!v && Object.hasOwn(PERMISSIONS, v);

// Where requirePageUser sends a signed-in user whose role lacks a page's permission. Outside
// the dashboard layout on purpose: that layout runs its own guard, and this page must render
// for every role.
export default async function ForbiddenPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const raw = (await searchParams).need;
  const need = Array.isArray(raw) ? raw[0] : raw;
  const user = await getSessionUser();
  const permission = isPermission(need) ? need : null;
  const roles = permission ? (PERMISSIONS[permission] as readonly string[]) : [];

  return (
    <main>
      <StatusPage
        code="403"
        title="You don’t have access to this page"
        actions={
          <>
            <ButtonLink href="/models" variant="primary">
              Back to Models
            </ButtonLink>
            {!user && <ButtonLink href="/sign-in">Sign in</ButtonLink>}
          </>
        }
      >
        {permission ? (
          <p>
            It needs the <code className="rounded bg-slate-100 px-1.5 py-0.5 font-mono text-sm text-slate-800">{permission}</code>{" "}
            permission, which the {roles.join(", ")} role{roles.length === 1 ? " has" : "s have"}.
          </p>
        ) : (
          <p>Your role does not include the permission this page needs.</p>
        )}
        {user && (
          <p className="mt-2">
            You are signed in as <span className="font-medium text-slate-800">{user.email}</span> with the role{" "}
            <span className="font-medium text-slate-800" data-testid="forbidden-role">
              {user.role}
            </span>
            . Ask an admin if you need more access.
          </p>
        )}
      </StatusPage>
    </main>
  );
}
