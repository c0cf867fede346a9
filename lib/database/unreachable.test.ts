import { describe, expect, it } from "vitest";
import { translateDatabaseError } from "../errors";
import { databaseOutageClass } from "./unreachable";

// The shapes below are the ones node-postgres, Prisma's pg driver adapter and Node's net module
// produce (the Prisma one copied from a real 57P01 answer; see tests/integration/database-outage.test.ts).
const prismaWrapped = (code: string, message: string) =>
  Object.assign(new Error("\nInvalid `prisma.user.count()` invocation"), {
    name: "PrismaClientKnownRequestError",
    code: "P2039",
    meta: {
      modelName: "User",
      // an Error whose message repeats the driver's (non-enumerable, so a JSON dump hides it)
      driverAdapterError: Object.assign(new Error(message), {
        name: "DriverAdapterError",
        cause: { originalCode: code, originalMessage: message, kind: "postgres", code, severity: "FATAL", message },
      }),
    },
  });

describe("databaseOutageClass", () => {
  it.each([
    [prismaWrapped("57P03", "the database system is starting up"), "cannot_connect_now"],
    [prismaWrapped("57P01", "terminating connection due to administrator command"), "admin_shutdown"],
    [Object.assign(new Error("the database system is shutting down"), { code: "57P03", severity: "FATAL" }), "cannot_connect_now"],
    [Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }), "connection_refused"],
    [Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }), "connection_reset"],
    [new Error("Connection terminated unexpectedly"), "connection_reset"],
    [new Error("timeout exceeded when trying to connect"), "timeout"],
    [new Error("Connection terminated due to connection timeout"), "timeout"],
    [
      Object.assign(new AggregateError([Object.assign(new Error("connect ECONNREFUSED ::1:5432"), { code: "ECONNREFUSED" })]), {}),
      "connection_refused",
    ],
    [{ name: "DriverAdapterError", cause: { kind: "DatabaseNotReachable", host: "db", port: 5432 } }, "connection_refused"],
    [new Error("failed", { cause: Object.assign(new Error("x"), { code: "ETIMEDOUT" }) }), "timeout"],
  ])("%s is an outage (%s)", (error, cls) => {
    expect(databaseOutageClass(error)).toBe(cls);
  });

  it.each([
    [Object.assign(new Error("duplicate key value violates unique constraint"), { code: "23505" })],
    [Object.assign(new Error("canceling statement due to statement timeout"), { code: "57014" })],
    [prismaWrapped("42P01", 'relation "x" does not exist')],
    [new Error("Cannot read properties of undefined")],
    [null],
    ["ECONNREFUSED as a string is not an error object"],
  ])("%s is not an outage", (error) => {
    expect(databaseOutageClass(error)).toBeUndefined();
  });
});

describe("translateDatabaseError", () => {
  it("turns every outage into 503 with Retry-After", () => {
    for (const e of [
      prismaWrapped("57P03", "the database system is starting up"),
      prismaWrapped("57P01", "terminating connection due to administrator command"),
      new Error("timeout exceeded when trying to connect"),
    ]) {
      const known = translateDatabaseError(e);
      expect(known?.status).toBe(503);
      expect(known?.code).toBe("unavailable");
      expect(Number(known?.headers?.["Retry-After"])).toBeGreaterThan(0);
    }
  });

  it("a transaction that timed out, or no free connection, is 503 too: nothing was written", () => {
    const timedOut = Object.assign(new Error("Transaction API error: Transaction not found."), {
      name: "PrismaClientKnownRequestError",
      code: "P2028",
      meta: {},
    });
    const poolWait = Object.assign(new Error("Timed out fetching a new connection from the connection pool."), {
      name: "PrismaClientKnownRequestError",
      code: "P2024",
    });
    for (const e of [timedOut, poolWait]) {
      expect(translateDatabaseError(e)).toMatchObject({
        status: 503,
        code: "unavailable",
        message: expect.stringMatching(/nothing was changed/),
      });
    }
  });

  it("leaves other failures alone (a 500 with a logged error, never a misleading 503)", () => {
    expect(translateDatabaseError(new Error("boom"))).toBeUndefined();
  });
});
