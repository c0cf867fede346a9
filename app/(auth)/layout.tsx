import { PreferencesMenu } from "@/components/layout/preferences-menu";

// The frame of the signed-out pages (sign-in, first-run setup): a centered card, no data access.
export default function AuthLayout({ children }: { children: React.ReactNode }) {
  return (
    <main className="relative flex min-h-screen flex-col items-center justify-center bg-gradient-to-b from-brand-50 to-slate-50 px-4 py-12">
      <div className="absolute top-4 right-4">
        <PreferencesMenu />
      </div>
      <div className="mb-6 flex items-center gap-2 text-lg font-semibold text-slate-900">
        <span aria-hidden className="inline-block h-6 w-6 rounded bg-brand-600" />
        Rollgate
      </div>
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 shadow-sm">{children}</div>
      <p className="mt-6 max-w-md text-center text-xs text-slate-500">
        Model registry, gated promotion, progressive rollout and one-click rollback.
      </p>
    </main>
  );
}
