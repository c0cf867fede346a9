// The identity provider the single sign-on journeys sign in at (e2e/sso.spec.ts): the test
// provider of tests/support/idp.ts on its own port, with the control endpoint the specs use to
// add people and change their groups. playwright.config.ts starts it next to the server.
import { E2E_IDP } from "./env";
import { startTestIdp } from "../tests/support/idp";

const idp = await startTestIdp({
  port: E2E_IDP.port,
  clientId: E2E_IDP.clientId,
  clientSecret: E2E_IDP.clientSecret,
  redirectUris: [E2E_IDP.redirectUri],
  control: true,
});
console.log(`[e2e] test identity provider at ${idp.issuer}`);

const stop = () => void idp.close().then(() => process.exit(0));
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
