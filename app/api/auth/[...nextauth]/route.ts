// next-auth's endpoints: sign-in (password and single sign-on), the provider's callback, sign-out, session, CSRF
import NextAuth from "next-auth";
import { authOptions } from "@/lib/auth/options";

export const dynamic = "force-dynamic";

// the options are built from the configuration on the first request, not when the module loads
function handler(req: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions())(req, context);
}
export { handler as GET, handler as POST };
