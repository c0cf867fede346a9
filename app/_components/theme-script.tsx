import { headers } from "next/headers";
import type { ThemeChoice } from "@/lib/preferences/preferences";
import { themeBootScript } from "@/lib/preferences/theme";

/** The page's CSP nonce (server.ts puts the policy on the request), which inline scripts need. */
async function requestNonce(): Promise<string | undefined> {
  const csp = (await headers()).get("content-security-policy") ?? "";
  return /'nonce-([^']+)'/.exec(csp)?.[1];
}

// Browsers hide a script's nonce attribute once parsed, so hydration sees it differ.
export async function ThemeScript({ theme }: { theme: ThemeChoice }) {
  const nonce = await requestNonce();
  return <script nonce={nonce} suppressHydrationWarning dangerouslySetInnerHTML={{ __html: themeBootScript(theme) }} />;
}
