"use client";
import "./globals.css";
import { ErrorReference } from "@/components/layout/page-error";
import { StatusPage } from "@/components/ui/status-page";

// A failure in the root layout itself. It replaces the whole document, so it brings its own
// <html>, <body> and styles, and uses plain anchors: the router may be what failed.
export default function GlobalError({ error, retry }: { error: Error & { digest?: string }; retry: () => void }) {
  return (
    <html lang="en">
      <body className="min-h-screen">
        <title>Something went wrong · Rollgate</title>
        <main>
          <StatusPage
            code="Error"
            title="Rollgate could not load this page"
            actions={
              <>
                <button
                  type="button"
                  onClick={() => retry()}
                  className="inline-flex h-9 items-center rounded-md bg-brand-600 px-3.5 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
                >
                  Try again
                </button>
                <a
                  href="/models"
                  className="inline-flex h-9 items-center rounded-md border border-slate-300 bg-white px-3.5 text-sm font-medium text-slate-800 shadow-sm hover:bg-slate-50"
                >
                  Go to Models
                </a>
              </>
            }
          >
            <p>Something failed before the page could be shown. Nothing was changed.</p>
            <ErrorReference digest={error.digest} />
          </StatusPage>
        </main>
      </body>
    </html>
  );
}
