import type { PrismaClient } from "../../generated/prisma/client";

/** A client or an interactive transaction: helpers take this so they compose inside one tx. */
export type Tx = Omit<PrismaClient, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;
export type Db = PrismaClient;
