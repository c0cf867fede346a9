import type { Metadata } from "next";
import { connection } from "next/server";
import { PreferencesProvider } from "@/components/providers/preferences-provider";
import { readPreferences } from "@/lib/preferences/request";
import { BrowserZodConfig } from "./_components/browser-zod-config";
import { ThemeScript } from "./_components/theme-script";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Rollgate", template: "%s · Rollgate" },
  description: "Registry, gated promotion, progressive rollout and one-click rollback for ML models.",
};

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Every page renders per request: the Content-Security-Policy server.ts sets carries a fresh
  // nonce, which Next.js stamps on its scripts; a page prerendered at build time would have none
  // and its scripts would be refused.
  await connection();
  const preferences = await readPreferences();
  // The `dark` class is the theme script's and the preferences' to set, never React's: a
  // re-render of this layout must not take away what the system setting decided.
  return (
    <html lang="en" suppressHydrationWarning>
      <head>
        <ThemeScript theme={preferences.theme} />
      </head>
      <body className="min-h-screen">
        <BrowserZodConfig />
        <PreferencesProvider initial={preferences}>{children}</PreferencesProvider>
      </body>
    </html>
  );
}
