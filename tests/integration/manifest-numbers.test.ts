// Registering a manifest written the way people write YAML — `schema_version: 12` and
// `python: 3.10` unquoted — through the real route: accepted, stored as written, and the same
// version as the quoted manifest (registering that one again is "already registered").
import { describe, expect, it } from "vitest";
import { POST } from "../../app/api/v1/models/[model]/versions/route";
import { fraudScoringManifestYaml } from "../../lib/registry/fixtures";
import { createApiToken, uniqueModelKey } from "./support/factories";
import { callRoute } from "./support/http";

describe("manifests with versions as numbers", () => {
  it("registers unquoted versions and treats them as the quoted ones", async () => {
    const model = uniqueModelKey("it-numbers");
    const token = (await createApiToken(["registry:write"])).secret;
    const base = fraudScoringManifestYaml()
      .replace("model_id: fraud-scoring", `model_id: ${model}`)
      .replace(/^parent_version: .*\n/m, "")
      .replace(/schema_version: "2.3.0"/g, 'schema_version: "12"')
      .replace('python: "3.11.9"', 'python: "3.10"');
    const unquoted = base.replace(/schema_version: "12"/g, "schema_version: 12").replace('python: "3.10"', "python: 3.10");
    const send = (text: string) =>
      callRoute(POST, { path: `/api/v1/models/${model}/versions`, params: { model }, token, body: text, contentType: "application/yaml" });

    const first = await send(unquoted);
    expect(first.status).toBe(201);
    const created = await first.json<{ contentHash: string }>();
    const again = await send(base);
    expect(again.status).toBe(200);
    expect((await again.json<{ contentHash: string }>()).contentHash).toBe(created.contentHash);
  });
});
