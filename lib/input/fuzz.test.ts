// Property-based tests over every input schema: for any nasty value planted at any field of a
// valid input (NUL, unpaired surrogates, nesting past the limit, `__proto__`/`constructor`/
// `prototype` keys, huge numbers, wrong types), validation never throws, and a value that can
// never be stored is refused with an issue naming its field. The seed is fixed (FUZZ_SEED);
// fast-check prints it and the shrunk counterexample on failure.
import fc from "fast-check";
import { stringify as toYaml } from "yaml";
import { describe, expect, it } from "vitest";
import {
  alwaysRefused,
  fieldPaths,
  fuzzParams,
  namesField,
  nastyValue,
  pathText,
  plant,
  unstorableString,
  type Path,
} from "../../tests/support/nasty-input";
import { auditApiQuerySchema, searchParamsObject } from "../audit/schemas";
import { signInInput } from "../auth/schemas";
import { ValidationError } from "../errors";
import { DEFAULT_POLICY } from "../policy/policy";
import { parsePolicyText } from "../policy/policy-draft";
import { deprecateInputSchema, evaluationBodySchema, rejectInputSchema } from "../lifecycle/schemas";
import { createWebhookInput } from "../notify/schemas";
import { fraudScoringManifest } from "../registry/fixtures";
import { validateManifest } from "../registry/manifest-schema";
import { parseManifestText } from "../registry/parse";
import { pinBodySchema, rollbackBodySchema, unpinBodySchema } from "../rollout/schemas";
import { validateEvent } from "../telemetry/schemas";
import { unsafeParameterIssues, unsafeUrlProblem } from "../api/url-params";
import { checkedParse, parseOrThrow } from "./validate";

type Issue = { path: string; message: string };

/** A field of `base` and a nasty value for it. */
const planted = (base: unknown, value: fc.Arbitrary<unknown>) => {
  const paths = fieldPaths(base);
  return fc.tuple(fc.constantFrom(...paths), value);
};

/** Asserts the shape every refusal has: a list of {path, message} strings. */
function wellFormed(issues: Issue[]) {
  expect(issues.length).toBeGreaterThan(0);
  for (const i of issues) {
    expect(typeof i.path).toBe("string");
    expect(i.message.length).toBeGreaterThan(0);
  }
}

function expectNamed(issues: Issue[], path: Path) {
  wellFormed(issues);
  const field = pathText(path);
  expect(
    issues.some((i) => namesField(i.path, field)),
    `no issue names ${field}: ${JSON.stringify(issues)}`,
  ).toBe(true);
}

/** The issues of parseOrThrow, or null when it accepted; anything but a ValidationError fails the test. */
function refusal(fn: () => unknown): Issue[] | null {
  try {
    fn();
    return null;
  } catch (e) {
    expect(e).toBeInstanceOf(ValidationError);
    return (e as ValidationError).issues ?? [];
  }
}

describe("manifest (JSON and YAML)", () => {
  const base = (() => {
    const m = fraudScoringManifest();
    delete m.parent_version;
    return m;
  })();

  it("refuses an unstorable, too-deep or key-polluting value at any field, naming it", () => {
    fc.assert(
      fc.property(planted(base, alwaysRefused), ([path, value]) => {
        const r = validateManifest(plant(base, path, value));
        expect(r.ok).toBe(false);
        if (!r.ok) expectNamed(r.issues, path);
      }),
      fuzzParams(200),
    );
  });

  it("never throws on any nasty value at any field, and names a field when it refuses", () => {
    fc.assert(
      fc.property(planted(base, nastyValue), ([path, value]) => {
        const r = validateManifest(plant(base, path, value));
        if (!r.ok) wellFormed(r.issues);
      }),
      fuzzParams(200),
    );
  });

  it("parses and validates the same manifests written as YAML without throwing", () => {
    fc.assert(
      fc.property(planted(base, nastyValue), fc.boolean(), ([path, value], asYaml) => {
        const doc = plant(base, path, value);
        let text: string;
        try {
          text = asYaml ? toYaml(doc, { aliasDuplicateObjects: false }) : JSON.stringify(doc);
        } catch {
          return; // a value YAML cannot write (too deep for its writer) is not a request anyone can send
        }
        const parsed = parseManifestText(text, asYaml ? "application/yaml" : "application/json");
        if (!parsed.ok) return wellFormed(parsed.issues);
        const r = validateManifest(parsed.value);
        if (!r.ok) wellFormed(r.issues);
      }),
      fuzzParams(150),
    );
  }, 60_000);

  it("refuses deep flow nesting in YAML and JSON before parsing (a 20 KB `[[[…` once exhausted the YAML parser)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 65, max: 200_000 }), fc.constantFrom("application/yaml", "application/json"), (depth, type) => {
        const text = `{"model_id": ${"[".repeat(depth)}${"]".repeat(depth)}}`;
        const parsed = parseManifestText(text, type);
        expect(parsed.ok).toBe(false);
        if (!parsed.ok) expect(parsed.issues[0]?.message).toMatch(/deeper than 64 levels/);
      }),
      fuzzParams(30),
    );
  });

  it("never throws on arbitrary text bodies", () => {
    fc.assert(
      fc.property(
        fc.string({ unit: "binary", maxLength: 300 }),
        fc.constantFrom("application/json", "application/yaml", null),
        (text, type) => {
          const parsed = parseManifestText(text, type);
          if (parsed.ok) validateManifest(parsed.value);
        },
      ),
      fuzzParams(200),
    );
  });
});

describe("evaluation bodies", () => {
  const base = {
    dataset: "s3://evals/fraud/2026-01-10/holdout.parquet",
    metrics: { f1: 0.91, precision_at_review: 0.8 },
    replay: { baseline_version: "2026-01-14.1", cases: 5000, agreement: 0.98, details: { sample: ["a"] } },
  };
  it("refuses unstorable, too-deep or polluting values at any field, naming it", () => {
    fc.assert(
      fc.property(planted(base, alwaysRefused), ([path, value]) => {
        const issues = refusal(() => parseOrThrow(evaluationBodySchema, plant(base, path, value)));
        expect(issues).not.toBeNull();
        expectNamed(issues!, path);
      }),
      fuzzParams(200),
    );
  });
  it("throws nothing but a 422 for any nasty value", () => {
    fc.assert(
      fc.property(planted(base, nastyValue), ([path, value]) => {
        const issues = refusal(() => parseOrThrow(evaluationBodySchema, plant(base, path, value)));
        if (issues) wellFormed(issues);
      }),
      fuzzParams(200),
    );
  });
});

describe("release bodies: pins, rollback, deprecation, rejection", () => {
  const cases = [
    ["pin", pinBodySchema, { version: "2026-01-15.2", reason: "acme validates first" }],
    ["unpin", unpinBodySchema, { reason: "done" }],
    ["rollback", rollbackBodySchema, { reason: "error rate 4x", to_version: "2026-01-15.2" }],
    ["deprecate", deprecateInputSchema, { reason: "use 2026-02-01.1", at: "2026-03-01" }],
    ["reject", rejectInputSchema, { comment: "recalibrate first" }],
  ] as const;
  for (const [name, schema, base] of cases) {
    it(`${name}: refuses unstorable or polluting values naming the field, and throws nothing else`, () => {
      fc.assert(
        fc.property(planted(base, alwaysRefused), ([path, value]) => {
          const issues = refusal(() => parseOrThrow(schema, plant(base, path, value)));
          expect(issues).not.toBeNull();
          expectNamed(issues!, path);
        }),
        fuzzParams(100),
      );
      fc.assert(
        fc.property(planted(base, nastyValue), ([path, value]) => {
          const issues = refusal(() => parseOrThrow(schema, plant(base, path, value)));
          if (issues) wellFormed(issues);
        }),
        fuzzParams(100),
      );
    });
  }
});

describe("telemetry events", () => {
  const now = Date.parse("2026-12-04T10:00:00Z");
  const base = {
    request_id: "r-1",
    model: "fraud-score",
    version: "2026-01-15.1",
    tenant: "acme",
    ts: "2026-12-04T09:59:00Z",
    latency_ms: 12,
    outcome: "error",
    error_class: "timeout",
    score: 0.5,
    cost: 0.001,
    label: "fraud",
    prediction: { label: "fraud", scores: [0.1, 0.9] },
    tokens: { input: 10, output: 20 },
    flags: ["refusal"],
    features: { amount_eur: 12.5, merchant_category: "grocery" },
  };
  it("refuses an event with an unstorable, too-deep or polluting value at any field, naming it", () => {
    fc.assert(
      fc.property(planted(base, alwaysRefused), ([path, value]) => {
        const r = validateEvent(plant(base, path, value), { now, retentionDays: 30 });
        expect(r.ok).toBe(false);
        if (!r.ok) expectNamed(r.issues, path);
      }),
      fuzzParams(200),
    );
  });
  it("never throws on any nasty value at any field", () => {
    fc.assert(
      fc.property(planted(base, nastyValue), ([path, value]) => {
        const r = validateEvent(plant(base, path, value), { now, retentionDays: 30 });
        if (!r.ok) wellFormed(r.issues);
      }),
      fuzzParams(200),
    );
  });
});

describe("policy", () => {
  const base = JSON.parse(JSON.stringify({ ...DEFAULT_POLICY, evalGates: [{ metric: "f1", op: ">=", value: 0.9 }] })) as unknown;
  it("refuses unstorable, too-deep or polluting values at any field, naming it under policy", () => {
    fc.assert(
      fc.property(planted(base, alwaysRefused), ([path, value]) => {
        const r = parsePolicyText(JSON.stringify(plant(base, path, value)));
        expect(r.ok).toBe(false);
        if (!r.ok) expectNamed(r.issues, ["policy", ...path]);
      }),
      fuzzParams(200),
    );
  });
  it("never throws on any nasty value or arbitrary text", () => {
    fc.assert(
      fc.property(planted(base, nastyValue), ([path, value]) => {
        const r = parsePolicyText(JSON.stringify(plant(base, path, value)));
        if (!r.ok) wellFormed(r.issues);
      }),
      fuzzParams(150),
    );
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 200 }), (text) => {
        const r = parsePolicyText(text);
        if (!r.ok) wellFormed(r.issues);
      }),
      fuzzParams(100),
    );
  });
});

describe("form inputs as server actions check them (webhooks, sign-in)", () => {
  const cases = [
    [
      "webhook",
      createWebhookInput,
      {
        name: "on-call",
        url: "https://hooks.example.com/rollgate",
        events: ["release.*"],
        format: "json",
        active: "on",
        secret: "s".repeat(20),
      },
    ],
    ["sign-in", signInInput, { email: "ada@example.com", password: "correct horse battery staple" }],
  ] as const;
  for (const [name, schema, base] of cases) {
    it(`${name}: refuses unstorable or polluting values naming the field, and throws nothing`, () => {
      fc.assert(
        fc.property(planted(base, alwaysRefused), ([path, value]) => {
          const r = checkedParse(schema, plant(base, path, value));
          expect(r.ok).toBe(false);
          if (!r.ok) expectNamed(r.issues, path);
        }),
        fuzzParams(100),
      );
      fc.assert(
        fc.property(planted(base, nastyValue), ([path, value]) => {
          const r = checkedParse(schema, plant(base, path, value));
          if (!r.ok) wellFormed(r.issues);
        }),
        fuzzParams(100),
      );
    });
  }
});

describe("query strings and paths", () => {
  const queryValue = fc.oneof(
    fc.string({ unit: "binary", maxLength: 30 }),
    unstorableString,
    fc.constantFrom("", "2026-13-45", "9".repeat(40), "-1", "latest"),
  );
  it("audit filters: any query parses to a result or field issues, never a throw", () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.constantFrom("from", "to", "model", "actor", "action", "format", "cursor", "limit", "download", "x"), queryValue),
        (q) => {
          const r = auditApiQuerySchema.safeParse(searchParamsObject(new URLSearchParams(q)));
          if (!r.success) for (const i of r.error.issues) expect(i.message.length).toBeGreaterThan(0);
        },
      ),
      fuzzParams(200),
    );
  });

  it("a NUL or unpaired surrogate in any route parameter or query value is refused naming it", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("model", "version", "tenant", "request_id", "id"),
        unstorableString,
        fc.constantFrom("tenant", "from", "to", "cursor"),
        queryValue,
        (param, bad, name, value) => {
          const byParam = unsafeParameterIssues({ [param]: bad }, new URLSearchParams());
          expect(byParam.map((i) => i.path)).toEqual([param]);
          const byQuery = unsafeParameterIssues({}, new URLSearchParams([[name, `${value}\u0000`]]));
          expect(byQuery.map((i) => i.path)).toEqual([name]);
        },
      ),
      fuzzParams(100),
    );
  });

  it("page URLs with %00 anywhere are refused; clean ones pass", () => {
    fc.assert(
      fc.property(fc.webPath(), fc.webQueryParameters(), (path, query) => {
        expect(unsafeUrlProblem(`${path || "/"}?${query}`)).toBeNull();
        expect(unsafeUrlProblem(`${path || "/"}%00?${query}`)).toMatch(/URL path/);
        expect(unsafeUrlProblem(`${path || "/"}?q=a%00b&${query}`)).toMatch(/query parameter q/);
      }),
      fuzzParams(100),
    );
  });
});
