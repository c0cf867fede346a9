// next/navigation's redirect() and notFound() throw control-flow errors that only Next's
// renderer understands; under Vitest they throw these instead, so a test can assert on them:
//   await expect(page()).rejects.toThrow(RedirectError)   or   .rejects.toMatchObject({ url: "/sign-in" })
export class RedirectError extends Error {
  constructor(readonly url: string) {
    super(`NEXT_REDIRECT ${url}`);
    this.name = "RedirectError";
  }
}

export class NotFoundPageError extends Error {
  constructor() {
    super("NEXT_NOT_FOUND");
    this.name = "NotFoundPageError";
  }
}

export class ForbiddenPageError extends Error {
  constructor() {
    super("NEXT_FORBIDDEN");
    this.name = "ForbiddenPageError";
  }
}
