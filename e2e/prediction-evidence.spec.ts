// From a request id to the reviewer who approved the version that answered it: a product owner
// pastes the id into the lookup and, one click later, reads the chain — the version served and
// why, the canary then, who approved it with their comment, the evaluation and the manifest's
// changes, each with its audit event. A request id that was not kept says so, and the chain
// can be followed from the model, version and time instead.
import { accountFor } from "./env";
import { authFile, expect, manifestFor, test } from "./fixtures";
import { events, shipStableThenCanary } from "./release-steps";

test.use({ storageState: authFile("viewer") });

const STABLE = "2026-01-15.2";
const CANDIDATE = "2026-02-01.1";

test("a request id leads to the reviewer who approved the version that served it", async ({ page, browser, api, modelKey }) => {
  test.slow();
  const token = await api.createToken(["registry:write", "release:write", "telemetry:write"], `ci-${modelKey}`);
  expect((await api.registerVersion(modelKey, manifestFor(modelKey, STABLE), token)).status()).toBe(201);
  const candidate = manifestFor(modelKey, CANDIDATE, (m) => (m.parent_version = STABLE));
  expect((await api.registerVersion(modelKey, candidate, token)).status()).toBe(201);
  await shipStableThenCanary(page.request, browser, token, modelKey, STABLE, CANDIDATE);

  const [served] = events(modelKey, CANDIDATE, 1);
  const sent = await page.request.post("/api/v1/telemetry", { headers: { authorization: `Bearer ${token}` }, data: { events: [served] } });
  expect(await sent.json()).toMatchObject({ accepted: 1 });

  await page.goto("/predictions");
  await page.getByLabel("Request id").fill(served!.request_id);
  await page.getByRole("button", { name: "Look up" }).click();

  const chain = page.getByTestId("evidence-chain");
  await expect(chain.getByTestId("evidence-served")).toContainText(`${modelKey} ${CANDIDATE}`);
  await expect(chain.getByTestId("evidence-served")).toContainText("candidate's share of the canary (5 % at step 1 of 4)");
  await expect(chain.getByTestId("evidence-release")).toContainText(`candidate ${CANDIDATE} at 5 %`);
  await expect(chain.getByTestId("evidence-reviewer")).toHaveText(accountFor("approver").name);
  await expect(chain.getByTestId("evidence-approvals")).toContainText("approved");
  await expect(chain.getByTestId("evidence-approvals")).toContainText(/audit #\d+ approval\.decided/);
  await expect(chain.getByTestId("evidence-evaluations")).toContainText("passed");
  await expect(chain.getByTestId("evidence-manifest")).toContainText(`from ${STABLE}`);

  // a request id that was never kept: the chain says why, and follows from what the reader knows
  await page.goto(`/predictions?id=not-kept-${modelKey}`);
  await expect(page.getByTestId("evidence-served")).toContainText("is not recorded");
  const follow = page.getByRole("form", { name: "Follow the chain without the request" });
  await follow.getByLabel("Model").fill(modelKey);
  await follow.getByLabel("Version").fill(STABLE);
  await follow.getByLabel("Served at (UTC, ISO 8601)").fill(new Date().toISOString());
  await follow.getByRole("button", { name: "Follow the chain" }).click();
  await expect(page.getByTestId("evidence-served")).toContainText("given by the reader");
  await expect(page.getByTestId("evidence-reviewer")).toHaveText(accountFor("approver").name);
});
