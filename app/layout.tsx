import type { Metadata } from "next";
import { connection } from "next/server";
import { BrowserZodConfig } from "./_components/browser-zod-config";
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
  return (
    <html lang="en">
      <body className="min-h-screen">
        <BrowserZodConfig />
        {children}
      </body>
    </html>
  );
}
